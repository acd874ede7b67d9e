/**
 * CoreDNS with the k8s_gateway plugin (the reference behaviour) on loopback, built by
 * test/e2e/build/build.sh. One server block, served twice:
 *   - DoH at http://127.0.0.1:PORT/dns-query: CoreDNS serves an `https://` block as
 *     plain HTTP when the block has no `tls` directive (server_https.go only wraps the
 *     listener in TLS when a TLS config exists), which is exactly DoH without TLS.
 *   - classic DNS on 127.0.0.1:PORT (UDP and TCP), for dig-style comparisons.
 * Both listeners are bound to 127.0.0.1 with the `bind` plugin.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { binaryPath } from './bins.ts'
import { dohQuery, RCODE, rcodeOf } from './dns.ts'
import { assertAlive, freePort, makeTempDir, progress, startProcess, waitFor } from './proc.ts'

export interface CoreDNSOptions {
  /**
   * The k8s_gateway directive, e.g. `k8s_gateway example.com { resources Ingress }`
   * (any layout; other plugin lines may precede or follow it). A `kubeconfig` line is
   * added to the k8s_gateway block unless it already has one.
   */
  corefileBlock: string
  /** kubeconfig the plugin connects with (Cluster.kubeconfigPath). */
  kubeconfigPath: string
  /** Name whose SOA query must stop answering SERVFAIL before start returns (default: the first zone of k8s_gateway). */
  readyName?: string
  /** Adds the `log` plugin (every query logged to the CoreDNS log file). Default: E2E_COREDNS_LOG=1. */
  queryLog?: boolean
  /** Work dir (default: a temp dir, removed at stop()). */
  dir?: string
  startTimeoutMs?: number
}

export interface CoreDNS {
  /** http://127.0.0.1:PORT/dns-query */
  dohUrl: string
  /** Plain DNS (UDP+TCP) listener. */
  dns: { host: string; port: number }
  corefilePath: string
  logFile: string
  /** Last lines of CoreDNS's output. */
  tail(lines?: number): string
  stop(): Promise<void>
}

/** Adds `kubeconfig PATH` to the k8s_gateway directive of `block` (idempotent). */
export function withKubeconfig(block: string, kubeconfigPath: string): string {
  const m = /(^|\n)([ \t]*k8s_gateway\b[^\n{]*)(\{)?/.exec(block)
  if (!m) throw new Error('corefileBlock has no k8s_gateway directive')
  const line = `kubeconfig ${kubeconfigPath}`
  const start = m.index + m[1]!.length
  const pad = /^[ \t]*/.exec(m[2]!)![0]
  if (m[3]) {
    // Directive with a block: insert after its `{` unless the block names a kubeconfig.
    const open = start + m[2]!.length + 1
    const close = block.indexOf('}', open)
    if (close !== -1 && /\bkubeconfig\b/.test(block.slice(open, close))) return block
    return `${block.slice(0, open)}\n${pad}  ${line}${block.slice(open)}`
  }
  const end = start + m[2]!.length
  return `${block.slice(0, end).trimEnd()} {\n${pad}  ${line}\n${pad}}${block.slice(end)}`
}

function firstZone(block: string): string {
  const m = /(?:^|\n)\s*k8s_gateway\s+([^\s{]+)/.exec(block)
  return m?.[1] ?? '.'
}

export async function startCoreDNS(opts: CoreDNSOptions): Promise<CoreDNS> {
  const t0 = Date.now()
  const bin = binaryPath('coredns')
  const tmp = opts.dir ? undefined : makeTempDir('k8s-gateway-doh-coredns-')
  const dir = opts.dir ?? tmp!.dir
  const [dohPort, dnsPort] = [await freePort(), await freePort()]
  const queryLog = opts.queryLog ?? process.env.E2E_COREDNS_LOG === '1'
  const body = withKubeconfig(opts.corefileBlock, opts.kubeconfigPath)
  const indent = (s: string): string =>
    s
      .split('\n')
      .map((l) => (l.trim() ? `    ${l}` : l))
      .join('\n')
  const corefile = [
    `https://.:${dohPort} dns://.:${dnsPort} {`,
    '    bind 127.0.0.1',
    '    errors',
    ...(queryLog ? ['    log'] : []),
    indent(body),
    '}',
    '',
  ].join('\n')
  const corefilePath = join(dir, 'Corefile')
  writeFileSync(corefilePath, corefile)
  const logFile = join(dir, 'coredns.log')
  progress(`coredns: starting (DoH :${dohPort}, DNS :${dnsPort}); Corefile:\n${corefile}`)
  const proc = startProcess('coredns', bin, ['-conf', corefilePath], logFile)
  const dohUrl = `http://127.0.0.1:${dohPort}/dns-query`
  const stop = async (): Promise<void> => {
    await proc.stop()
    tmp?.remove()
  }
  try {
    const readyName = opts.readyName ?? firstZone(body)
    await waitFor(
      `CoreDNS to answer ${readyName} SOA without SERVFAIL (k8s_gateway informers synced)`,
      async () => {
        assertAlive(proc)
        const msg = await dohQuery(dohUrl, readyName, 'SOA', { timeoutMs: 2_000 })
        return rcodeOf(msg) !== RCODE.SERVFAIL ? true : undefined
      },
      { timeoutMs: opts.startTimeoutMs ?? 60_000, intervalMs: 250, onTimeout: () => proc.tail() },
    )
  } catch (e) {
    await stop()
    throw e
  }
  progress(`coredns: ready in ${Date.now() - t0} ms at ${dohUrl}`)
  return { dohUrl, dns: { host: '127.0.0.1', port: dnsPort }, corefilePath, logFile, tail: proc.tail, stop }
}
