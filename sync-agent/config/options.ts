/** The options of the `k8s_gateway` block, one handler each (setup.go's switch). */
import { hostnameProblem, normalizeName } from '../../src/core/dns/names.ts'
import type { Directive } from './corefile.ts'
import { parseLabelSelector } from './labels.ts'
import { type AgentConfig, RESOURCE_KINDS, type ResourceKind } from './types.ts'
import { normalizeZone } from './zones.ts'

interface Report {
  fail: (message: string) => never
  warn: (message: string) => void
}

type Handler = (config: AgentConfig, args: string[], report: Report) => void

export function applyOption(config: AgentConfig, option: Directive, report: Report): void {
  const handler = Object.hasOwn(HANDLERS, option.name) ? HANDLERS[option.name] : undefined
  if (!handler) report.fail(`unknown k8s_gateway option "${option.name}"`)
  handler!(
    config,
    option.args.map((t) => t.text),
    report
  )
}

function count(name: string, args: string[], min: number, max: number, { fail }: Report): void {
  if (args.length >= min && args.length <= max) return
  const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`
  fail(`${name} takes ${wanted} argument${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`)
}

function integer(name: string, text: string, min: number, max: number, { fail }: Report): number {
  if (!/^[+-]?\d+$/.test(text)) fail(`${name}: not an integer: "${text}"`)
  const value = Number(text)
  if (value < min || value > max) fail(`${name} must be in range [${min}, ${max}]: ${value}`)
  return value
}

/** apex and secondary are index keys such as `dns1.kube-system`, joined with every zone. */
function indexKey(name: string, text: string, { fail }: Report): string {
  const key = normalizeName(text)
  const problem = hostnameProblem(key) ?? (key.includes('*') ? 'wildcard label' : null)
  if (problem) fail(`${name}: invalid name "${text}": ${problem}`)
  return key
}

const MAX_TIMER = 2 ** 31 - 1 // RFC 2181 §8: 32-bit timers with the top bit clear

const HANDLERS: Record<string, Handler> = {
  resources(config, args, report) {
    count('resources', args, 1, Infinity, report)
    const kinds: ResourceKind[] = []
    for (const arg of args) {
      const kind = RESOURCE_KINDS.find((k) => k === arg)
      if (!kind) {
        const near = RESOURCE_KINDS.find((k) => k.toLowerCase() === arg.toLowerCase())
        const hint = near ? `did you mean ${near}?` : `valid: ${RESOURCE_KINDS.join(' ')}`
        report.fail(`unknown resource "${arg}" (${hint})`)
      }
      if (kinds.includes(kind!)) report.fail(`resource ${arg} is listed twice`)
      kinds.push(kind!)
    }
    config.resources = kinds
  },
  ingressClasses(config, args, report) {
    count('ingressClasses', args, 1, Infinity, report)
    config.ingressClasses = args
  },
  gatewayClasses(config, args, report) {
    count('gatewayClasses', args, 1, Infinity, report)
    config.gatewayClasses = args
  },
  serviceLabelSelectors(config, args, report) {
    count('serviceLabelSelectors', args, 1, Infinity, report)
    for (const arg of args) {
      try {
        parseLabelSelector(arg)
      } catch (err) {
        report.fail(`invalid serviceLabelSelectors "${arg}": ${(err as Error).message}`)
      }
    }
    config.serviceLabelSelectors = args
  },
  ttl(config, args, report) {
    count('ttl', args, 1, 1, report)
    config.ttl = integer('ttl', args[0]!, 0, 3600, report)
  },
  apex(config, args, report) {
    count('apex', args, 1, 1, report)
    config.apex = indexKey('apex', args[0]!, report)
  },
  secondary(config, args, report) {
    count('secondary', args, 1, 1, report)
    config.secondary = indexKey('secondary', args[0]!, report)
  },
  soa(config, args, report) {
    count('soa', args, 3, 3, report)
    const [refresh, retry, expire] = ['refresh', 'retry', 'expire'].map((name, i) =>
      integer(`soa ${name}`, args[i]!, 0, MAX_TIMER, report)
    ) as [number, number, number]
    config.soa = { refresh, retry, expire }
  },
  kubeconfig(config, args, report) {
    count('kubeconfig', args, 1, 2, report)
    config.kubeconfig = { file: args[0]!, context: args[1] ?? null }
  },
  fallthrough(config, args, report) {
    // No zones, or the root among them: every zone falls through (written as []).
    if (args.includes('.')) args = []
    const zones: string[] = []
    for (const arg of args) {
      const result = normalizeZone(arg)
      if ('error' in result) report.fail(`fallthrough: ${result.error}`)
      else if (!zones.includes(result.zone)) zones.push(result.zone)
    }
    config.fallthrough = zones
  },
  nodeAddressType(config, args, report) {
    count('nodeAddressType', args, 1, 1, report)
    const type = args[0]
    if (type !== 'InternalIP' && type !== 'ExternalIP') {
      report.fail(`nodeAddressType must be 'InternalIP' or 'ExternalIP', got: ${type}`)
    }
    config.nodeAddressType = type as AgentConfig['nodeAddressType']
  },
  // Upstream filters answers by the EDNS Client Subnet; the record set is the same for every
  // client, so the option is accepted (a shared Corefile stays valid) and has no effect.
  clientFiltering(_config, args, report) {
    count('clientFiltering', args, 0, 1, report)
    report.warn('clientFiltering is ignored: answers do not depend on the client subnet')
  },
}
