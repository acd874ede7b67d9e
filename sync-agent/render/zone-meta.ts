/**
 * The per-zone data k8s_gateway derives from its options (apex.go): name servers with glue,
 * SOA RNAME and timers. The serial is a hash of exactly this data: the agent has no clock and
 * serves no zone transfers, so records changing do not change it (no secondary needs to know).
 */
import { joinName } from '../../src/core/dns/names.ts'
import type { NameServer, ZoneMeta } from '../../src/core/recordset/schema.ts'
import { type AgentConfig, TTL_SOA } from '../config/types.ts'

/** Glue per index key (apex, secondary), in both families, sorted. */
export interface Glue {
  a: string[]
  aaaa: string[]
}

export function zoneMeta(
  zone: string,
  config: AgentConfig,
  apexGlue: Glue,
  secondaryGlue: Glue
): ZoneMeta {
  const primary = joinName(config.apex, zone)
  const ns: NameServer[] = [{ name: primary, ...apexGlue }]
  if (config.secondary) ns.push({ name: joinName(config.secondary, zone), ...secondaryGlue })
  const meta: Omit<ZoneMeta, 'serial'> = {
    zone,
    ttl: config.ttl,
    ns,
    hostmaster: joinName(config.hostmaster, primary),
    soa: { ...config.soa, minimum: TTL_SOA },
  }
  const identity = [zone, meta.ttl, ns.map((n) => n.name), meta.hostmaster, meta.soa]
  const serial = fnv1a32(JSON.stringify(identity))
  return { zone, ttl: meta.ttl, ns, hostmaster: meta.hostmaster, serial, soa: meta.soa }
}

/** FNV-1a, 32 bits: small, stable across runs and platforms. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}
