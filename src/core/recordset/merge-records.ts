/**
 * What two owners (clusters) serve at one name, merged: version 3's fields (schema.ts). Each
 * list is the union in the one order record-data.ts gives, capped as one owner's is, and the
 * TTL the smaller one: no resolver caches either cluster's records longer than it asked.
 */
import { caaKey, compareMx, compareSrv, compareText, mxKey, srvKey, unique } from '../dns/record-data.ts'
import { MAX_RECORDS_PER_TYPE } from '../limits.ts'
import type { NameRecords } from './schema.ts'

function union<T>(a: T[] | undefined, b: T[] | undefined, key: (item: T) => string, order?: (x: T, y: T) => number): T[] | undefined {
  if (!a) return b
  if (!b) return a
  const all = unique([...a, ...b], key)
  return (order ? all.sort(order) : all).slice(0, MAX_RECORDS_PER_TYPE)
}

/** Adds the merged MX, SRV, CAA, PTR and TTL of `a` and `b` to `out`. */
export function mergeTypedRecords(a: NameRecords, b: NameRecords, out: NameRecords): void {
  const mx = union(a.mx, b.mx, mxKey, compareMx)
  const srv = union(a.srv, b.srv, srvKey, compareSrv)
  const caa = union(a.caa, b.caa, caaKey)
  const ptr = union(a.ptr, b.ptr, (s) => s, compareText)
  if (mx) out.mx = mx
  if (srv) out.srv = srv
  if (caa) out.caa = caa
  if (ptr) out.ptr = ptr
  const ttl = a.ttl === undefined ? b.ttl : b.ttl === undefined ? a.ttl : Math.min(a.ttl, b.ttl)
  if (ttl !== undefined) out.ttl = ttl
}
