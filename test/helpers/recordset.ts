/**
 * Builds record sets for tests without going through the renderer, so answer rules are tested
 * on exactly the data they state.
 */
import type { NameRecords, RecordSet, ZoneMeta } from '../../src/core/recordset/schema.ts'
import { SCHEMA_VERSION } from '../../src/core/recordset/schema.ts'

export function zoneMeta(zone: string, overrides: Partial<ZoneMeta> = {}): ZoneMeta {
  return {
    zone,
    ttl: 60,
    ns: [{ name: `dns1.kube-system.${zone}`, a: ['192.0.2.53'], aaaa: ['2001:db8::53'] }],
    hostmaster: `hostmaster.dns1.kube-system.${zone}`,
    serial: 12345,
    soa: { refresh: 7200, retry: 1800, expire: 86400, minimum: 30 },
    ...overrides,
  }
}

export function recordSet(
  names: Record<string, NameRecords>,
  options: Partial<Omit<RecordSet, 'names' | 'version'>> = {},
): RecordSet {
  return {
    version: SCHEMA_VERSION,
    owner: 'default',
    zones: [zoneMeta('example.com')],
    fallthrough: null,
    upstream: null,
    ...options,
    names: Object.fromEntries(Object.entries(names).sort(([a], [b]) => a.localeCompare(b))),
  }
}
