/**
 * The watch edge (sync-agent/watch/slim.ts): what slimming saves on objects as the API server
 * sends them after `kubectl apply` (managedFields, the last-applied copy, uid, timestamps),
 * held 100k at a time as the agent's caches hold them, and what it costs per object.
 */
import { performance } from 'node:perf_hooks'
import { slimObject, LAST_APPLIED } from '../sync-agent/watch/slim.ts'
import { ingress } from './fixtures.ts'
import { fmt, heapMiB, table } from './stats.ts'

const N = 100_000

/** An Ingress as `kubectl apply` leaves it on the API server. */
function applied(i: number): Record<string, unknown> {
  const base = ingress(i)
  const { status: _status, ...spec } = base
  return {
    ...base,
    metadata: {
      ...(base.metadata as object),
      resourceVersion: String(1000 + i),
      generation: 1,
      creationTimestamp: '2026-12-01T10:00:00Z',
      annotations: { [LAST_APPLIED]: JSON.stringify(spec) },
      managedFields: [
        { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'networking.k8s.io/v1', time: '2026-12-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED}`]: {} } }, 'f:spec': { 'f:rules': {} } } },
        { manager: 'ingress-controller', operation: 'Update', apiVersion: 'networking.k8s.io/v1', time: '2026-12-01T10:00:05Z', fieldsType: 'FieldsV1', subresource: 'status', fieldsV1: { 'f:status': { 'f:loadBalancer': { 'f:ingress': {} } } } },
      ],
    },
  }
}

export function watchEdge(): void {
  const heldMiB = (make: (i: number) => unknown): number => {
    const before = heapMiB()
    const held = Array.from({ length: N }, (_, i) => make(i))
    const after = heapMiB()
    return held.length > 0 ? after - before : 0
  }
  const full = heldMiB((i) => JSON.parse(JSON.stringify(applied(i))))
  const slim = heldMiB((i) => slimObject(JSON.parse(JSON.stringify(applied(i))), 'networking.k8s.io/v1', 'Ingress'))
  const sample = Array.from({ length: 10_000 }, (_, i) => applied(i))
  const t = performance.now()
  for (const o of sample) slimObject(o, 'networking.k8s.io/v1', 'Ingress')
  const usPerObject = ((performance.now() - t) * 1000) / sample.length
  table(
    `The watch edge: ${N.toLocaleString('en')} Ingresses as kubectl apply leaves them, held as the agent holds them`,
    ['objects', 'heap (MiB)', 'JSON octets each'],
    [
      ['as the API server sends them', fmt(full, 0), String(JSON.stringify(applied(7)).length)],
      ['slimmed at the watch edge', fmt(slim, 0), String(JSON.stringify(slimObject(applied(7), 'networking.k8s.io/v1', 'Ingress')).length)],
      [`slimming: ${fmt(usPerObject, 2)} µs per object`, '', ''],
    ],
  )
}
