/** Pieces for agent tests against a small fake API server on loopback. */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { KubeConfig } from '@kubernetes/client-node'
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
