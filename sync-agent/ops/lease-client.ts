/**
 * The Lease API over @kubernetes/client-node 2.x's CoordinationV1Api: one object parameter per
 * call, ApiException's `.code` for the status, MicroTime written with six fractional digits.
 * The only client-node user of leader election, so ops/leader.ts stays testable on fakes.
 */
import { V1MicroTime, type CoordinationV1Api, type V1Lease } from '@kubernetes/client-node'
import { LeaseConflictError, type Lease, type LeaseApi, type LeaseSpec } from './leader.ts'

/** The HTTP status of a client-node ApiException (or anything with a numeric `code`). */
const statusOf = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'number' ? code : undefined
}

const conflictOr = (error: unknown) =>
  statusOf(error) === 409
    ? new LeaseConflictError('lease conflict (HTTP 409)', { cause: error })
    : error

/** LeaseApi over client-node 2.x's CoordinationV1Api (one object parameter, ApiException `.code`). */
export function leaseApiFrom(api: CoordinationV1Api): LeaseApi {
  const body = (
    namespace: string,
    name: string,
    spec: LeaseSpec,
    resourceVersion?: string,
  ): V1Lease => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata:
      resourceVersion === undefined ? { name, namespace } : { name, namespace, resourceVersion },
    spec: {
      holderIdentity: spec.holderIdentity ?? undefined,
      leaseDurationSeconds: spec.leaseDurationSeconds,
      // MicroTime: the API server wants exactly six fractional digits; V1MicroTime writes them.
      acquireTime: spec.acquireTime ? new V1MicroTime(spec.acquireTime.getTime()) : undefined,
      renewTime: spec.renewTime ? new V1MicroTime(spec.renewTime.getTime()) : undefined,
      leaseTransitions: spec.leaseTransitions,
    },
  })
  return {
    async get(namespace, name) {
      try {
        return fromV1(await api.readNamespacedLease({ name, namespace }))
      } catch (error) {
        if (statusOf(error) === 404) return null
        throw error
      }
    },
    async create(namespace, name, spec) {
      try {
        return fromV1(
          await api.createNamespacedLease({ namespace, body: body(namespace, name, spec) }),
        )
      } catch (error) {
        throw conflictOr(error)
      }
    },
    async replace(namespace, name, lease) {
      try {
        const request = {
          name,
          namespace,
          body: body(namespace, name, lease.spec, lease.resourceVersion),
        }
        return fromV1(await api.replaceNamespacedLease(request))
      } catch (error) {
        throw conflictOr(error)
      }
    },
  }
}

/** client-node leaves MicroTime fields as the JSON strings it received; accept either. */
const time = (value: unknown): Date | null => {
  if (value === undefined || value === null || value === '') return null
  const date = new Date(value as string | Date)
  return Number.isNaN(date.getTime()) ? null : date
}

function fromV1(lease: V1Lease): Lease {
  const spec = lease.spec ?? {}
  return {
    resourceVersion: lease.metadata?.resourceVersion ?? '',
    spec: {
      holderIdentity: spec.holderIdentity || null,
      leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
      acquireTime: time(spec.acquireTime),
      renewTime: time(spec.renewTime),
      leaseTransitions: spec.leaseTransitions ?? 0,
    },
  }
}
