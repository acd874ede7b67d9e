/**
 * Workers Analytics Engine data points, one per query, when a dataset binding is configured
 * (README, "Observing the edge", has the binding and the SQL). The layout is the contract the
 * SQL reads: change it and the documented queries change with it.
 *
 *   index1   owners           (sampling key: one edge's traffic is sampled together)
 *   blob1    qtype            blob2 rcode       blob3 source (records|cached|relayed|failed|malformed)
 *   blob4    owners           blob5 colo
 *   double1  latency in ms
 *
 * Never the query name or the client's address: counts, not people.
 */
import type { QueryEvent, QueryObserver } from './query-event.ts'

/** Analytics Engine takes an index of at most 96 bytes; owner ids are ASCII. */
const MAX_INDEX = 96

/** An Analytics Engine data point as we fill it (the binding's type takes more shapes). */
export interface QueryDataPoint {
  indexes: string[]
  blobs: string[]
  doubles: number[]
}

export function dataPoint(e: QueryEvent): QueryDataPoint {
  return {
    indexes: [e.owners.slice(0, MAX_INDEX)],
    blobs: [e.qtype, e.rcode, e.source, e.owners, e.colo],
    doubles: [e.latencyMs],
  }
}

export function analyticsObserver(dataset: { writeDataPoint(point: QueryDataPoint): void }): QueryObserver {
  return (event) => dataset.writeDataPoint(dataPoint(event))
}
