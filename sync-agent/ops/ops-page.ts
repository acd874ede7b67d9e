/**
 * The agent's page at `/` on its ops port, for operators (`kubectl port-forward`): every kind
 * with its state, object count and last error, the last publish, the leader, the write budget
 * and the configuration file with its last reload result. Pure: it renders what /readyz's
 * detail says, so the page and the probes can never disagree. No script, no other origin.
 */
import type { HealthStatus } from './health.ts'

export interface OpsPageInput {
  health: HealthStatus
  owner: string
  configPath: string
  /** The agent's version (package.json). */
  version: string
}

interface Detail {
  leader?: boolean
  synced?: boolean
  published?: boolean
  waiting?: string[]
  stuck?: string
  conflict?: string
  configError?: string
  lastPublish?: { at: string; names: number; puts: number; deletes: number; seconds: number }
  budget?: { perDay: number; remaining: number }
  kinds?: { kind: string; state: string; objects: number; error: string | null }[]
}

const escape = (text: unknown): string =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export function opsPage(input: OpsPageInput): string {
  const d = (typeof input.health.detail === 'object' && input.health.detail !== null ? input.health.detail : {}) as Detail
  const row = (label: string, value: string): string => `<tr><th scope="row">${escape(label)}</th><td>${value}</td></tr>`
  const verdict = (ok: boolean, yes: string, no: string): string => `<span class="${ok ? 'ok' : 'bad'}">${escape(ok ? yes : no)}</span>`
  const publish = d.lastPublish
  const kinds = (d.kinds ?? [])
    .map((k) => `<tr><td>${escape(k.kind)}</td><td class="${k.state === 'listed' || k.state === 'absent' ? 'ok' : 'bad'}">${escape(k.state)}</td><td>${escape(k.objects)}</td><td>${escape(k.error ?? '')}</td></tr>`)
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>k8s-gateway-doh agent: ${escape(input.owner)}</title>
<style>
:root{color-scheme:light dark;font-family:system-ui,sans-serif}body{margin:1rem auto;max-width:60rem;padding:0 1rem}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #8884}
.ok{color:#0a7d2c}.bad{color:#b3261e}@media (prefers-color-scheme:dark){.ok{color:#6fdc8c}.bad{color:#ff8a80}}
</style></head><body>
<h1>Agent for owner ${escape(input.owner)}</h1>
<table aria-label="Agent">
${row('Live', verdict(input.health.live, 'yes', `no${d.stuck ? `: ${d.stuck}` : ''}`))}
${row('Ready', verdict(input.health.ready, 'yes', `no${d.waiting?.length ? `: waiting for ${d.waiting.join(', ')}` : ''}`))}
${row('Leader', escape(d.leader ? 'this replica publishes' : 'standby'))}
${d.conflict ? row('Owner conflict', `<span class="bad">${escape(d.conflict)}</span>`) : ''}
${row('Last publish', publish ? escape(`${publish.at}: ${publish.puts} keys written, ${publish.deletes} deleted, ${publish.names} names, ${publish.seconds.toFixed(2)} s`) : 'none yet')}
${row('Write budget', d.budget ? escape(`${d.budget.remaining} of ${d.budget.perDay} KV writes left today`) : 'no limit')}
${row('Configuration', `${escape(input.configPath)}: ${d.configError ? `<span class="bad">last reload failed, the running configuration stays: ${escape(d.configError)}</span>` : '<span class="ok">in force</span>'}`)}
${row('Version', escape(input.version))}
</table>
<h2>Kinds</h2>
<table aria-label="Kinds"><thead><tr><th scope="col">kind</th><th scope="col">state</th><th scope="col">objects</th><th scope="col">last error</th></tr></thead><tbody>${kinds}</tbody></table>
<p><a href="/readyz">/readyz</a> · <a href="/healthz">/healthz</a> · <a href="/metrics">/metrics</a></p>
</body></html>
`
}
