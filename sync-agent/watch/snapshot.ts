/**
 * The agent's picture of the cluster: per kind, its objects and whether it could be listed.
 * A kind that fails keeps its last good objects, so a failed list never unpublishes records.
 */
import type { KubeObject } from '../render/types.ts'

export type KindState =
  /** Not listed yet. */
  | 'pending'
  /** Listed and watched. */
  | 'listed'
  /** Its CRD is not installed (404): nothing to serve, checked again later. */
  | 'absent'
  /** RBAC denies it (403): its last good objects are kept, the other kinds go on. */
  | 'forbidden'
  /** Lists or watches fail otherwise (API server down, timeouts): last good objects kept. */
  | 'failing'

/** How a publish may treat keys that are no longer desired. */
export type PublishMode =
  /** Some kind has not been listed once: publishing now would publish a partial world. */
  | 'wait'
  /** A kind failed before its first list: its records are unknown, so delete nothing. */
  | 'upsert-only'
  | 'sync'

interface KindEntry {
  state: KindState
  everListed: boolean
  objects: Map<string, KubeObject>
  error: string | null
}

export interface KindStatus {
  kind: string
  state: KindState
  objects: number
  error: string | null
  /** Listed at least once, or known to be absent: the agent knows what the kind holds. */
  known: boolean
}

const keyOf = (o: KubeObject): string => {
  const meta = (o.metadata ?? {}) as { namespace?: string; name?: string }
  return `${meta.namespace ?? ''}/${meta.name ?? ''}`
}

export class Snapshot {
  private readonly kinds = new Map<string, KindEntry>()
  private changes = 0

  /** Bumped by every change: equal versions mean the same objects and kind states. */
  get version(): number {
    return this.changes
  }

  constructor(kinds: readonly string[]) {
    for (const kind of kinds) this.addKind(kind)
  }

  /** A kind the configuration now names: pending until its first list. */
  addKind(kind: string): void {
    this.changes++
    if (!this.kinds.has(kind)) this.kinds.set(kind, { state: 'pending', everListed: false, objects: new Map(), error: null })
  }

  /** A kind the configuration no longer names: its objects go, so its names are deleted. */
  dropKind(kind: string): void {
    this.changes++
    this.kinds.delete(kind)
  }

  private entry(kind: string): KindEntry {
    const entry = this.kinds.get(kind)
    if (!entry) throw new Error(`kind ${kind} is not watched`)
    return entry
  }

  upsert(kind: string, object: KubeObject): void {
    this.changes++
    this.entry(kind).objects.set(keyOf(object), object)
  }

  remove(kind: string, object: KubeObject): void {
    this.changes++
    this.entry(kind).objects.delete(keyOf(object))
  }

  /** A successful list: the kind's objects become exactly these. */
  replace(kind: string, objects: readonly KubeObject[]): void {
    this.changes++
    const entry = this.entry(kind)
    entry.objects = new Map(objects.map((o) => [keyOf(o), o]))
    this.listed(kind)
  }

  private listed(kind: string): void {
    const entry = this.entry(kind)
    entry.state = 'listed'
    entry.everListed = true
    entry.error = null
  }

  /** A failed list or watch. `absent` means the kind is gone, so its objects go too. */
  failed(kind: string, state: Exclude<KindState, 'pending' | 'listed'>, error: string): void {
    this.changes++
    const entry = this.entry(kind)
    entry.state = state
    entry.error = error
    if (state === 'absent') {
      entry.objects.clear()
      entry.everListed = true // knowing it is absent is knowing it has nothing
    }
  }

  objects(): KubeObject[] {
    return [...this.kinds.values()].flatMap((e) => [...e.objects.values()])
  }

  /** The objects of one kind (none when it is not watched). */
  objectsOf(kind: string): IterableIterator<KubeObject> | [] {
    return this.kinds.get(kind)?.objects.values() ?? []
  }

  /** Whether the kind is watched (configured, or added while something needs it). */
  has(kind: string): boolean {
    return this.kinds.has(kind)
  }

  status(): KindStatus[] {
    return [...this.kinds].map(([kind, e]) => ({ kind, state: e.state, objects: e.objects.size, error: e.error, known: e.everListed }))
  }

  mode(): PublishMode {
    const entries = [...this.kinds.values()]
    if (entries.some((e) => e.state === 'pending')) return 'wait'
    if (entries.some((e) => !e.everListed)) return 'upsert-only'
    return 'sync'
  }
}
