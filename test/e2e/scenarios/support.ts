/**
 * Shared pieces of the scenario tests: the Corefile, DoH probes that wait for an expected
 * answer and say how long it took, /metrics parsing, log filters and the timing table.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments, parse as parseYaml } from 'yaml'
import type { Cluster } from '../harness/cluster.ts'
import { answerData, dohQuery, RCODE, rcodeOf } from '../harness/dns.ts'
import type { KubeObject } from '../harness/kube.ts'
import { progress, sleep } from '../harness/proc.ts'
import type { AgentProc } from '../harness/stack.ts'

export const ZONE = 'example.com'

/** A Corefile serving ZONE with these resources (and extra k8s_gateway option lines). */
export function corefile(resources: string[], extra: string[] = []): string {
  const lines = [`resources ${resources.join(' ')}`, 'ttl 30', ...extra]
  return `${ZONE} {\n  k8s_gateway {\n${lines.map((l) => `    ${l}\n`).join('')}  }\n}\n`
}

export interface Answer {
  rcode: number
  data: string[]
}

export async function ask(dohUrl: string, name: string, type = 'A'): Promise<Answer> {
  const msg = await dohQuery(dohUrl, name, type)
  return { rcode: rcodeOf(msg), data: answerData(msg, type) }
}

/** What a name should answer: these records (sorted compare), or NXDOMAIN. */
export type Expected = string[] | 'NXDOMAIN'

const matches = (got: Answer, want: Expected): boolean =>
  want === 'NXDOMAIN'
    ? got.rcode === RCODE.NXDOMAIN
    : got.rcode === RCODE.NOERROR && JSON.stringify(got.data) === JSON.stringify([...want].sort())

const show = (a: Answer | undefined): string =>
  a === undefined ? '(no answer yet)' : a.rcode === RCODE.NOERROR ? JSON.stringify(a.data) : `rcode ${a.rcode}`

/**
 * Polls the worker every `intervalMs` until `name` answers `want`; returns the milliseconds
 * from the call (made right after the API write returned) to the first matching answer.
 */
export async function converge(
  dohUrl: string,
  name: string,
  type: string,
  want: Expected,
  { timeoutMs = 20_000, intervalMs = 50, agent }: { timeoutMs?: number; intervalMs?: number; agent?: AgentProc } = {},
): Promise<number> {
  const t0 = Date.now()
  let last: Answer | undefined
  let lastError: unknown
  for (;;) {
    try {
      last = await ask(dohUrl, name, type)
      if (matches(last, want)) return Date.now() - t0
    } catch (e) {
      lastError = e
    }
    if (Date.now() - t0 > timeoutMs) {
      const err = lastError instanceof Error ? ` (last error: ${lastError.message})` : ''
      const tail = agent ? `\nagent log tail:\n${agent.proc.tail(30)}` : ''
      throw new Error(`${name} ${type}: wanted ${want === 'NXDOMAIN' ? 'NXDOMAIN' : JSON.stringify(want)}, last ${show(last)} after ${timeoutMs} ms${err}${tail}`)
    }
    await sleep(intervalMs)
  }
}

/** Asserts `name` keeps answering `want` for `forMs` (no convergence to something else). */
export async function holds(dohUrl: string, name: string, type: string, want: Expected, forMs: number, intervalMs = 250): Promise<number> {
  const t0 = Date.now()
  let n = 0
  while (Date.now() - t0 < forMs) {
    const got = await ask(dohUrl, name, type)
    if (!matches(got, want)) throw new Error(`${name} ${type}: wanted ${JSON.stringify(want)} to hold, got ${show(got)} after ${Date.now() - t0} ms`)
    n++
    await sleep(intervalMs)
  }
  return n
}

export async function freshNamespace(cluster: Cluster, prefix: string): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}`
  await cluster.kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
  return name
}

/** Deletes an object given as written (a 404 counts as done). */
/** An Ingress of one class with one host: how the several-cluster scenarios tell clusters apart. */
export const classIngress = (ns: string, name: string, cls: string, host: string): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: ns },
  spec: { ingressClassName: cls, rules: [{ host }] },
})

/** Applies that Ingress with a load balancer address in its status. */
export async function publishIngress(cluster: Cluster, ns: string, name: string, cls: string, host: string, ip: string): Promise<void> {
  const obj = await cluster.kube.apply(classIngress(ns, name, cls, host))
  await cluster.kube.applyStatus(obj, { loadBalancer: { ingress: [{ ip }] } })
}

export function remove(cluster: Cluster, obj: KubeObject): Promise<void> {
  return cluster.kube.delete(obj.apiVersion, obj.kind, obj.metadata.name, obj.metadata.namespace)
}

// ------------------------------------------------------------------ ops endpoints, logs

export async function scrape(agent: AgentProc): Promise<string> {
  const res = await fetch(`${agent.opsUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })
  if (res.status !== 200) throw new Error(`/metrics: HTTP ${res.status}`)
  return res.text()
}

/** The value of one series of a Prometheus text exposition (labels must all match), or undefined. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line)
    if (!m || m[1] !== name) continue
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]))
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total = (total ?? 0) + Number(m[4])
  }
  return total
}

export type LogLine = Record<string, unknown>

/** Log lines matching `msg` (a substring or a RegExp) and every given field. */
export function logsWhere(agent: AgentProc, msg: string | RegExp, fields: Record<string, unknown> = {}): LogLine[] {
  return agent.logs().filter((l) => {
    const m = String(l.msg ?? '')
    if (typeof msg === 'string' ? !m.includes(msg) : !msg.test(m)) return false
    return Object.entries(fields).every(([k, v]) => l[k] === v)
  })
}

export async function waitForLog(agent: AgentProc, msg: string | RegExp, fields: Record<string, unknown> = {}, timeoutMs = 20_000): Promise<LogLine> {
  const t0 = Date.now()
  for (;;) {
    const hit = logsWhere(agent, msg, fields)[0]
    if (hit) return hit
    if (!agent.proc.alive()) throw new Error(`${agent.proc.name} exited while waiting for log "${msg}":\n${agent.proc.tail()}`)
    if (Date.now() - t0 > timeoutMs) throw new Error(`no log "${msg}" ${JSON.stringify(fields)} from ${agent.proc.name} in ${timeoutMs} ms:\n${agent.proc.tail()}`)
    await sleep(100)
  }
}

/** Resolves once the agent has published its first record set (its 'first sync done' line). */
export const firstSync = (agent: AgentProc, timeoutMs = 60_000): Promise<LogLine> => waitForLog(agent, 'first sync done', {}, timeoutMs)

// ------------------------------------------------------------------ reporting

/** Prints a small aligned table through progress(). */
export function table(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  progress(`${title}\n${[fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(fmt)].join('\n')}`)
}

const DEPLOY = fileURLToPath(new URL('../../../deploy/', import.meta.url))

/** Every object of deploy/, in kustomization.yaml's order. */
export function deployObjects(): KubeObject[] {
  const kustomization = parseYaml(readFileSync(join(DEPLOY, 'kustomization.yaml'), 'utf8')) as { resources: string[] }
  return kustomization.resources.flatMap((file) =>
    parseAllDocuments(readFileSync(join(DEPLOY, file), 'utf8'))
      .map((d) => d.toJS() as KubeObject | null)
      .filter((o): o is KubeObject => !!o?.kind),
  )
}
