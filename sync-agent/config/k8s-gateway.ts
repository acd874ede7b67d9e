/**
 * Reads the `k8s_gateway` block of a Corefile into an AgentConfig, with k8s_gateway's option
 * names and defaults (setup.go). Stricter than upstream where upstream would start half-
 * configured: an unknown resource, extra arguments or a repeated option are errors, not
 * warnings, since a wrong record set published to the edge is worse than an agent that stops.
 *
 * Which server block: exactly one may hold `k8s_gateway` (and only once). CoreDNS would run one
 * plugin instance per block, but one agent publishes one record set with one zone list, TTL and
 * apex, so several blocks would have to be merged with rules nobody asked for.
 */
import { readFile } from 'node:fs/promises'
import { OWNER_PATTERN } from '../../src/core/recordset/keys.ts'
import { FORWARD_DEFAULTS, type Forward } from '../../src/core/recordset/schema.ts'
import { upstreamLabel, upstreamProblem } from '../../src/core/recordset/upstream.ts'
import { parseCorefile, type Directive, type ServerBlock } from './corefile.ts'
import { ConfigError } from './errors.ts'
import { normalizeZone } from './zones.ts'
import { type AgentConfig, DEFAULTS } from './types.ts'
import { applyOption } from './options.ts'

export interface ParsedConfig {
  config: AgentConfig
  /** Accepted but ignored settings (e.g. `forward` to plain DNS servers). */
  warnings: string[]
}

export async function loadConfig(path: string): Promise<ParsedConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new ConfigError(path, 0, `cannot read: ${(err as Error).message}`)
  }
  return parseConfig(text, path)
}

export function parseConfig(text: string, fileName: string): ParsedConfig {
  const blocks = parseCorefile(text, fileName).filter((b) => !b.snippet)
  const found = blocks.flatMap((block) =>
    block.directives.filter((d) => d.name === 'k8s_gateway').map((d) => ({ block, d }))
  )
  if (found.length === 0) throw new ConfigError(fileName, 0, 'no k8s_gateway plugin found')
  if (found.length > 1) {
    const lines = found.map(({ d }) => d.line).join(', ')
    throw new ConfigError(
      fileName,
      found[1]!.d.line,
      `k8s_gateway is declared more than once (lines ${lines})`
    )
  }
  const { block, d } = found[0]!
  const warnings: string[] = []
  const fail = (line: number, message: string): never => {
    throw new ConfigError(fileName, line, message)
  }
  const warn = (line: number, message: string): void => {
    warnings.push(`${fileName}:${line}: ${message}`)
  }

  const config: AgentConfig = {
    owner: DEFAULTS.owner,
    zones: zonesOf(block, d, fail),
    resources: [...DEFAULTS.resources],
    ingressClasses: [],
    gatewayClasses: [],
    serviceLabelSelectors: [],
    ttl: DEFAULTS.ttl,
    apex: DEFAULTS.apex,
    secondary: null,
    hostmaster: DEFAULTS.hostmaster,
    soa: { ...DEFAULTS.soa },
    kubeconfig: null,
    fallthrough: null,
    nodeAddressType: DEFAULTS.nodeAddressType,
    forward: null,
    serverBlock: serverBlockOf(block, fail),
  }
  const seen = new Map<string, number>()
  for (const option of d.block ?? []) {
    const first = seen.get(option.name)
    if (first !== undefined) fail(option.line, `${option.name} is already set on line ${first}`)
    seen.set(option.name, option.line)
    if (option.block) fail(option.line, `${option.name} takes no block`)
    applyOption(config, option, {
      fail: (m) => fail(option.line, m),
      warn: (m) => warn(option.line, m),
    })
  }
  for (const forward of block.directives.filter((x) => x.name === 'forward')) {
    readForward(config, forward, fail, warn)
  }
  return { config, warnings }
}

/** Zones from the plugin's arguments, else the server block's keys (as setup.go). */
function zonesOf(
  block: ServerBlock,
  d: Directive,
  fail: (line: number, m: string) => never
): string[] {
  const sources = d.args.length > 0 ? d.args : block.keys
  const zones: string[] = []
  for (const token of sources) {
    const result = normalizeZone(token.text)
    if ('error' in result) fail(token.line, result.error)
    else if (!zones.includes(result.zone)) zones.push(result.zone)
  }
  return zones
}

/** The block's keys as zones, the root allowed: CoreDNS hands the block only names below them. */
function serverBlockOf(block: ServerBlock, fail: (line: number, m: string) => never): string[] {
  const keys: string[] = []
  for (const token of block.keys) {
    const bare = token.text.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/:\d+$/, '')
    const result = bare === '.' || bare === '' ? { zone: '' } : normalizeZone(token.text)
    if ('error' in result) fail(token.line, result.error)
    else if (!keys.includes(result.zone)) keys.push(result.zone)
  }
  return keys
}

/**
 * `forward . https://a/dns-query https://b/dns-query { policy ...; max_fails N; health_check D }`
 * gives the DoH upstreams and how to pick among them, with CoreDNS forward's meaning and
 * defaults. Plain DNS targets are accepted (the same Corefile may also run CoreDNS) but
 * ignored: the edge can only reach DNS over HTTPS. Options that only mean something to a DNS
 * transport are ignored with a warning.
 */
function readForward(
  config: AgentConfig,
  d: Directive,
  fail: (line: number, m: string) => never,
  warn: (line: number, m: string) => void
): void {
  const [from, ...targets] = d.args.map((t) => t.text)
  if (!from || targets.length === 0) fail(d.line, 'forward needs FROM and at least one TO')
  if (from !== '.') {
    warn(d.line, `forward ${from} ignored: only "forward ." can give the DoH upstream`)
    return
  }
  if (config.forward) {
    warn(d.line, 'forward ignored: the block already has one')
    return
  }
  const upstreams: string[] = []
  for (const target of targets) {
    if (!/^https?:\/\//i.test(target)) {
      warn(d.line, `forward to ${target} ignored: the edge can only reach DoH (https://) upstreams`)
    } else if (!URL.canParse(target)) {
      fail(d.line, `forward: invalid URL ${target}`)
    } else if (upstreamProblem(target)) {
      warn(d.line, `forward to ${upstreamLabel(target)} ignored: ${upstreamProblem(target)}`)
    } else if (upstreams.length === MAX_UPSTREAMS) {
      warn(d.line, `forward to ${upstreamLabel(target)} ignored: at most ${MAX_UPSTREAMS} upstreams (as CoreDNS)`)
    } else if (!upstreams.includes(target)) {
      upstreams.push(target)
    }
  }
  const forward: Forward = { upstreams, ...FORWARD_DEFAULTS }
  for (const option of d.block ?? []) readForwardOption(forward, option, (m) => fail(option.line, m), (m) => warn(option.line, m))
  if (upstreams.length > 0) config.forward = forward
}

const MAX_UPSTREAMS = 15
const POLICIES = ['random', 'round_robin', 'sequential'] as const
/** CoreDNS forward options with no meaning for a DoH relay at the edge. */
const TRANSPORT_OPTIONS = new Set(['force_tcp', 'prefer_udp', 'expire', 'tls', 'tls_servername', 'max_idle_conns', 'except', 'next', 'failfast_all_unhealthy_upstreams', 'max_concurrent'])

function readForwardOption(forward: Forward, o: Directive, fail: (m: string) => never, warn: (m: string) => void): void {
  const args = o.args.map((t) => t.text)
  switch (o.name) {
    case 'policy': {
      const policy = POLICIES.find((p) => p === args[0])
      if (args.length !== 1 || !policy) fail(`policy must be one of ${POLICIES.join(', ')}`)
      forward.policy = policy!
      return
    }
    case 'max_fails': {
      if (args.length !== 1 || !/^\d{1,3}$/.test(args[0]!)) fail('max_fails must be a whole number')
      forward.maxFails = Number(args[0])
      return
    }
    case 'health_check': {
      // Stryker disable next-line ConditionalExpression: equivalent, exec(undefined) reads "undefined", which is no duration either
      const seconds = args[0] === undefined ? null : durationSeconds(args[0])
      if (seconds === null || seconds > 3600) fail('health_check needs a duration up to 1h, e.g. 0.5s or 10s')
      forward.healthCheck = seconds!
      if (args.length > 1) warn(`health_check ${args.slice(1).join(' ')} ignored: the edge checks health by the answers it gets`)
      return
    }
    default:
      if (TRANSPORT_OPTIONS.has(o.name)) warn(`forward option ${o.name} ignored: it has no meaning for a DoH relay at the edge`)
      else fail(`unknown forward option "${o.name}"`)
  }
}

/** A Go-style duration as CoreDNS writes them ("500ms", "0.5s", "1m"), in seconds, or null. */
function durationSeconds(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text)
  if (!m) return null
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h']
  return Number(m[1]) * unit
}

/** `--owner` values become KV key segments. */
export function ownerProblem(owner: string): string | null {
  return OWNER_PATTERN.test(owner)
    ? null
    : `invalid owner "${owner}": use 1-63 lower-case letters, digits, ".", "_" or "-"`
}
