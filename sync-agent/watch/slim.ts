/**
 * The watch edge: each object from the API server is slimmed once, before client-node's cache,
 * the snapshot or the renderers hold it. What goes is what no step reads and what makes up
 * most of a stored object: `metadata.managedFields` (server-side apply bookkeeping, often half
 * the object), kubectl's `last-applied-configuration` annotation (a second copy of the object
 * as applied) and the rest of the metadata. What stays is the name, namespace, labels,
 * annotations, the resourceVersion (client-node compares it to tell an update from a replay)
 * and every top-level field besides `metadata` as the API sent it (`spec`, `status`, an
 * EndpointSlice's `endpoints`): the renderers read those through total accessors
 * (render/objects.ts), so a field one of them starts reading needs no second list here.
 */
import type { KubeObject } from '../render/types.ts'

/** kubectl apply's copy of the whole object, as applied. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

const KEPT_METADATA = ['name', 'namespace', 'resourceVersion', 'labels'] as const

export function slimObject(object: { metadata?: unknown; [field: string]: unknown }, apiVersion: string, kind: string): KubeObject {
  const { metadata, ...rest } = object
  const meta = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as Record<string, unknown>
  const slim: Record<string, unknown> = {}
  for (const key of KEPT_METADATA) if (meta[key] !== undefined) slim[key] = meta[key]
  const annotations = meta.annotations
  if (typeof annotations === 'object' && annotations !== null) {
    const { [LAST_APPLIED]: _applied, ...kept } = annotations as Record<string, unknown>
    slim.annotations = kept
  }
  return { ...rest, apiVersion, kind, metadata: slim }
}
