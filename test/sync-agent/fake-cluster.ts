/** Pieces for agent tests against a small fake API server on loopback. */
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KubeConfig } from '@kubernetes/client-node'
import { defaultTiming, watchKind, type WatchDeps } from '../../sync-agent/watch/informers.ts'
import type { WatchedKind } from '../../sync-agent/watch/kinds.ts'
import { kubeClient } from '../../sync-agent/watch/kube-client.ts'
import { Snapshot } from '../../sync-agent/watch/snapshot.ts'
import type { Changes } from '../../sync-agent/plan/plan.ts'
import { MemoryPublisher } from '../../sync-agent/publish/memory.ts'

/** A kubeconfig for a listening fake API server, over plain HTTP. */
export function loopbackKubeConfig(server: Server, token?: string): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u', ...(token ? { token } : {}) }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  })
  return kc
}

/** A memory publisher whose `nextPublish()` resolves once the next publish is applied. */
export function signallingPublisher(): { kv: MemoryPublisher; nextPublish: () => Promise<void> } {
  let published: () => void = () => {}
  const kv = new (class extends MemoryPublisher {
    override async apply(changes: Changes) {
      const stats = await super.apply(changes)
      published()
      return stats
    }
  })()
  return { kv, nextPublish: () => new Promise<void>((resolve) => (published = resolve)) }
}

/**
 * One kind's watcher against a fake API server on loopback that answers with `handler`: the
 * snapshot it fills, and `close()`, which stops the watcher and the server (open watches too).
 */
export async function watchAgainst(
  handler: RequestListener,
  kind: WatchedKind,
  events: Partial<Pick<WatchDeps, 'onState' | 'onRestart'>> = {},
): Promise<{ snapshot: Snapshot; close: () => Promise<void> }> {
  const server = createServer(handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const kc = loopbackKubeConfig(server, 't')
  const snapshot = new Snapshot([kind.kind])
  const watcher = watchKind(kind, {
    kc,
    client: kubeClient(kc),
    snapshot,
    timing: defaultTiming,
    onChange: () => {},
    onState: events.onState ?? (() => {}),
    onRestart: events.onRestart ?? (() => {}),
  })
  return {
    snapshot,
    close: async () => {
      await watcher.stop()
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
