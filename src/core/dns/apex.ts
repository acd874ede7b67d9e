/**
 * Records the zone itself owns: SOA, NS and the name servers' addresses (k8s_gateway apex.go).
 * Their TTL is the SOA minimum, as k8s_gateway uses its SOA TTL for all of them.
 */
import type { NameServer, ZoneMeta } from '../recordset/schema.ts'
import type { RR } from './types.ts'

/** The SOA, owned by the zone as the client spelled it. */
export function soaRecord(zone: ZoneMeta, owner: string): RR {
  return {
    name: owner,
    type: 'SOA',
    ttl: zone.soa.minimum,
    data: {
      mname: zone.ns[0]?.name ?? zone.zone,
      rname: zone.hostmaster,
      serial: zone.serial,
      refresh: zone.soa.refresh,
      retry: zone.soa.retry,
      expire: zone.soa.expire,
      minimum: zone.soa.minimum,
    },
  }
}

export function nsRecords(zone: ZoneMeta, owner: string): RR[] {
  return zone.ns.map((ns) => ({ name: owner, type: 'NS', ttl: zone.soa.minimum, data: ns.name }))
}

/** A and AAAA glue for every name server (AAAA for IPv6, so v6-only resolvers can reach it). */
export function glueRecords(zone: ZoneMeta): RR[] {
  return zone.ns.flatMap((ns) => addressRecords(zone, ns, ns.name, 'ANY'))
}

/**
 * The primary name server, when `name` (normalized) is its host: k8s_gateway answers that host
 * from the zone's glue (serveSubApex). A secondary's host is an ordinary name there, answered
 * from its resources with the zone TTL, so it is not matched here.
 */
export function nameServerAt(zone: ZoneMeta, name: string): NameServer | undefined {
  const primary = zone.ns[0]
  return primary?.name === name ? primary : undefined
}

export function addressRecords(
  zone: ZoneMeta,
  ns: NameServer,
  owner: string,
  qtype: string,
): RR[] {
  const ttl = zone.soa.minimum
  const out: RR[] = []
  if (qtype === 'A' || qtype === 'ANY') {
    for (const ip of ns.a) out.push({ name: owner, type: 'A', ttl, data: ip })
  }
  if (qtype === 'AAAA' || qtype === 'ANY') {
    for (const ip of ns.aaaa) out.push({ name: owner, type: 'AAAA', ttl, data: ip })
  }
  return out
}
