/**
 * The few API calls the watch layer makes besides watching: paginated lists and API-group
 * discovery, over the credentials a KubeConfig holds (client-node's own TLS and auth setup).
 */
import { request } from 'node:https'
import { request as httpRequest } from 'node:http'
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node'

/** An API answer that is not 2xx; `status` tells "not installed" (404) from "forbidden" (403). */
export class KubeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export interface ListResult {
  items: KubernetesObject[]
  resourceVersion: string
}

/** Page size: keeps each response small on clusters with 100k objects (client-go uses 500). */
const PAGE = 500
const TIMEOUT_MS = 60_000

export interface KubeClient {
  list(path: string): Promise<ListResult>
  /** Versions the server serves for an API group ([] when the group does not exist). */
  groupVersions(group: string): Promise<string[]>
  /** A namespace's UID: kube-system's names the cluster (it lives as long as the cluster). */
  namespaceUid(name: string): Promise<string>
  /** A node's labels (the agent's own node: its region). */
  nodeLabels(name: string): Promise<Record<string, string>>
}

export function kubeClient(kc: KubeConfig): KubeClient {
  const server = kc.getCurrentCluster()?.server
  if (!server) throw new Error('kubeconfig has no current cluster')

  async function getJson(path: string): Promise<Record<string, unknown>> {
    const url = new URL(path, server)
    const options: Parameters<typeof request>[1] = { method: 'GET', headers: { accept: 'application/json' } }
    await kc.applyToHTTPSOptions(options as never)
    const send = url.protocol === 'http:' ? httpRequest : request
    return new Promise((resolve, reject) => {
      const req = send(url, options, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString()
          const status = res.statusCode ?? 0
          if (status < 200 || status >= 300) {
            let reason = text.slice(0, 200)
            try {
              reason = (JSON.parse(text) as { message?: string }).message ?? reason
            } catch {}
            return reject(new KubeError(status, `GET ${url.pathname}: HTTP ${status}: ${reason}`))
          }
          try {
            resolve(JSON.parse(text) as Record<string, unknown>)
          } catch (err) {
            reject(new Error(`GET ${url.pathname}: bad JSON: ${(err as Error).message}`))
          }
        })
      })
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`GET ${url.pathname}: timed out`)))
      req.on('error', reject)
      req.end()
    })
  }

  return {
    async list(path) {
      const items: KubernetesObject[] = []
      let resourceVersion = ''
      let cont = ''
      do {
        const query = new URLSearchParams({ limit: String(PAGE) })
        if (cont) query.set('continue', cont)
        const page = await getJson(`${path}?${query}`)
        const meta = (page.metadata ?? {}) as { resourceVersion?: string; continue?: string }
        items.push(...((page.items as KubernetesObject[] | undefined) ?? []))
        resourceVersion = meta.resourceVersion ?? resourceVersion
        cont = meta.continue ?? ''
      } while (cont)
      return { items, resourceVersion }
    },
    async namespaceUid(name) {
      const ns = (await getJson(`/api/v1/namespaces/${encodeURIComponent(name)}`)) as { metadata?: { uid?: string } }
      if (!ns.metadata?.uid) throw new Error(`namespace ${name} has no uid`)
      return ns.metadata.uid
    },
    async nodeLabels(name) {
      const node = (await getJson(`/api/v1/nodes/${encodeURIComponent(name)}`)) as { metadata?: { labels?: Record<string, string> } }
      return node.metadata?.labels ?? {}
    },
    async groupVersions(group) {
      if (group === '') return ['v1']
      try {
        const g = (await getJson(`/apis/${group}`)) as { versions?: { version: string }[] }
        return (g.versions ?? []).map((v) => v.version)
      } catch (err) {
        if (err instanceof KubeError && err.status === 404) return []
        throw err
      }
    },
  }
}
