/**
 * List+watch for one kind (client-node's ListWatch), kept alive through the failures a real
 * API server produces: watches the server closes and 410 Gone (ListWatch relists by itself),
 * lost connections (restart with backoff), a CRD that is not installed (checked again every
 * `absentMs`, so it is picked up when it appears) and RBAC denials (retried, other kinds go on).
 */
import { ListWatch, Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node'
import type { KubeObject } from '../render/types.ts'
import { KubeError, type KubeClient } from './kube-client.ts'
import { collectionPath, type WatchedKind } from './kinds.ts'
import { slimObject } from './slim.ts'
import type { KindState, Snapshot } from './snapshot.ts'

export interface WatchTiming {
  /** How often a kind whose CRD is missing is looked for again. */
  absentMs: number
  /** How often a forbidden kind is tried again (RBAC may be fixed without a restart). */
  forbiddenMs: number
  /** Backoff for other failures: base doubling up to cap. */
  failBaseMs: number
  failCapMs: number
}

export const defaultTiming: WatchTiming = { absentMs: 10_000, forbiddenMs: 30_000, failBaseMs: 500, failCapMs: 30_000 }

export interface WatchDeps {
  kc: KubeConfig
  client: KubeClient
  snapshot: Snapshot
  /** Called after every change the snapshot takes (objects or kind state). */
  onChange: () => void
  onState: (kind: string, state: KindState, error: string | null) => void
  onRestart: (kind: string, reason: string) => void
  timing: WatchTiming
}

export interface KindWatcher {
  stop(): Promise<void>
}

export function watchKind(kind: WatchedKind, deps: WatchDeps): KindWatcher {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let lw: ListWatch<KubernetesObject> | undefined
  let failures = 0

  const report = (state: KindState, error: string | null): void => {
    deps.onState(kind.kind, state, error)
    deps.onChange()
  }

  const later = (ms: number, reason: string): void => {
    if (stopped) return
    deps.onRestart(kind.kind, reason)
    timer = setTimeout(() => void begin(), ms)
    timer.unref?.()
  }

  const fail = (err: unknown): void => {
    if (stopped) return // our own abort on shutdown
    const status = err instanceof KubeError ? err.status : Number((err as { code?: number; statusCode?: number })?.statusCode ?? (err as { code?: number })?.code)
    const message = err instanceof Error ? err.message : String(err)
    // Start over with a fresh list: the snapshot is replaced by it, so deletions missed while
    // disconnected are caught (ListWatch resuming from its resourceVersion would not relist).
    void lw?.stop()
    lw = undefined
    if (status === 404) {
      deps.snapshot.failed(kind.kind, 'absent', message)
      report('absent', message)
      return later(deps.timing.absentMs, 'absent')
    }
    if (status === 403 || status === 401) {
      deps.snapshot.failed(kind.kind, 'forbidden', message)
      report('forbidden', message)
      return later(deps.timing.forbiddenMs, 'forbidden')
    }
    failures++
    deps.snapshot.failed(kind.kind, 'failing', message)
    report('failing', message)
    later(Math.min(deps.timing.failCapMs, deps.timing.failBaseMs * 2 ** (failures - 1)), 'error')
  }

  /** The kind's objects as the renderer needs them: slimmed, and with the apiVersion and kind list items lack. */
  const typed = (version: string) => (o: KubernetesObject): KubeObject =>
    slimObject(o as Record<string, unknown>, kind.group ? `${kind.group}/${version}` : version, kind.kind)

  async function begin(): Promise<void> {
    if (stopped) return
    try {
      const served = await deps.client.groupVersions(kind.group)
      const version = kind.versions.find((v) => served.includes(v))
      if (!version) {
        throw new KubeError(404, `${kind.kind}: API ${kind.group || 'core'} ${kind.versions.join('/')} is not served`)
      }
      const path = collectionPath(kind, version)
      const asKube = typed(version)
      let lists = 0
      const list = async () => {
        // ListWatch lists again by itself only when its watch expired (410 Gone): a restart too.
        if (lists++ > 0) deps.onRestart(kind.kind, 'expired')
        const listed = await deps.client.list(path)
        if (stopped) return { items: [], metadata: { resourceVersion: listed.resourceVersion } }
        const items = listed.items.map(asKube)
        deps.snapshot.replace(kind.kind, items)
        failures = 0
        queueMicrotask(() => report('listed', null))
        return { items, metadata: { resourceVersion: listed.resourceVersion } }
      }
      const w = new ListWatch<KubernetesObject>(path, slimmingWatch(new Watch(deps.kc), asKube), list as never, false)
      // Events still in flight after stop() (the kind was dropped from the config) are ignored.
      // The events' objects are slimmed already (slimmingWatch, and list() above).
      w.on('add', (o) => stopped || (deps.snapshot.upsert(kind.kind, o as KubeObject), deps.onChange()))
      w.on('update', (o) => stopped || (deps.snapshot.upsert(kind.kind, o as KubeObject), deps.onChange()))
      w.on('delete', (o) => stopped || (deps.snapshot.remove(kind.kind, o as KubeObject), deps.onChange()))
      w.on('error', (err) => fail(err))
      lw = w
      await w.start()
    } catch (err) {
      fail(err)
    }
  }

  void begin()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await lw?.stop()
    },
  }
}

/**
 * A Watch whose events carry slimmed objects, so client-node's own cache holds those too
 * rather than the API server's full copies.
 */
function slimmingWatch(watch: Watch, slim: (o: KubernetesObject) => KubeObject): Watch {
  return {
    watch: (path, params, callback, done) =>
      watch.watch(path, params, (phase, object, raw) => {
        // Objects only: an ERROR's Status (its code tells a 410) and a BOOKMARK pass as sent.
        const isObject = (phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED') && typeof object === 'object' && object !== null
        callback(phase, isObject ? slim(object as KubernetesObject) : object, raw)
      }, done),
  } as Watch
}
