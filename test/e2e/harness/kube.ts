/**
 * A small Kubernetes REST client for the harness: bearer token + the cluster's CA over
 * node:https (global fetch cannot take a custom CA without an undici dispatcher).
 * Writes use server-side apply, so fixtures can be re-applied; /status is written the
 * same way through the status subresource.
 */
import { request } from 'node:https'
import { readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'

export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; [k: string]: unknown }
  [k: string]: unknown
}

export class KubeError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: string,
  ) {
    super(`${method} ${path}: HTTP ${status}: ${body.slice(0, 800)}`)
  }
}

export interface KubeResponse {
  status: number
  body: string
  /** Response headers (lower-case names), e.g. `warning` from admission. */
  headers: Record<string, string | string[] | undefined>
  json<T = any>(): T
}

const FIELD_MANAGER = 'k8s-gateway-doh-e2e'

/** Kinds the harness knows the REST path of without discovery. */
const KNOWN: Record<string, { plural: string; namespaced: boolean }> = {
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'v1/Secret': { plural: 'secrets', namespaced: true },
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'networking.k8s.io/v1/Ingress': { plural: 'ingresses', namespaced: true },
  'networking.k8s.io/v1/IngressClass': { plural: 'ingressclasses', namespaced: false },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { plural: 'customresourcedefinitions', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRole': { plural: 'clusterroles', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { plural: 'clusterrolebindings', namespaced: false },
  'rbac.authorization.k8s.io/v1/Role': { plural: 'roles', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { plural: 'rolebindings', namespaced: true },
}

export class Kube {
  private readonly ca: Buffer
  private readonly url: URL
  private readonly resources = new Map<string, { plural: string; namespaced: boolean }>(Object.entries(KNOWN))

  constructor(
    readonly server: string,
    readonly token: string,
    caFile: string,
  ) {
    this.ca = readFileSync(caFile)
    this.url = new URL(server)
  }

  /** One HTTP request; never throws for HTTP status codes (see `call` for that). */
  raw(method: string, path: string, body?: string | object, contentType = 'application/json', timeoutMs = 30_000): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          ca: this.ca,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(payload !== undefined ? { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers, json: () => JSON.parse(text) })
          })
          res.on('error', reject)
        },
      )
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out after ${timeoutMs} ms`)))
      req.on('error', reject)
      if (payload !== undefined) req.write(payload)
      req.end()
    })
  }

  /** Like `raw`, but throws KubeError unless the status is 2xx; returns parsed JSON. */
  async call<T = any>(method: string, path: string, body?: string | object, contentType?: string): Promise<T> {
    const res = await this.raw(method, path, body, contentType)
    if (res.status < 200 || res.status > 299) throw new KubeError(res.status, method, path, res.body)
    return res.body ? res.json<T>() : (undefined as T)
  }

  get<T = any>(path: string): Promise<T> {
    return this.call<T>('GET', path)
  }

  /** REST path of an object (collection path when `name` is omitted). Uses discovery for unknown kinds. */
  async pathFor(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> {
    const key = `${apiVersion}/${kind}`
    let res = this.resources.get(key)
    if (!res) {
      const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`
      const list = await this.get<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(base)
      const found = list.resources.find((r) => r.kind === kind && !r.name.includes('/'))
      if (!found) throw new Error(`kind ${kind} is not served by ${apiVersion}`)
      res = { plural: found.name, namespaced: found.namespaced }
      this.resources.set(key, res)
    }
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`
    const ns = res.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? 'default')}` : ''
    return `${base}${ns}/${res.plural}${name ? `/${encodeURIComponent(name)}` : ''}`
  }

  /** Server-side apply of one object (create or update); returns the stored object. */
  async apply<T extends KubeObject>(obj: T, opts: { subresource?: 'status'; force?: boolean } = {}): Promise<T> {
    const path = await this.pathFor(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name)
    const sub = opts.subresource ? `/${opts.subresource}` : ''
    const q = `?fieldManager=${FIELD_MANAGER}&force=${opts.force ?? true}`
    return this.call<T>('PATCH', `${path}${sub}${q}`, obj, 'application/apply-patch+yaml')
  }

  /**
   * Server-side dry run of an apply (`?dryRun=All`): admission and validation run, nothing is
   * stored. Returns the response (not thrown on failure) with any `warning` headers.
   */
  async dryRunApply(obj: KubeObject): Promise<KubeResponse & { warnings: string[] }> {
    const path = await this.pathFor(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name)
    const res = await this.raw('PATCH', `${path}?fieldManager=${FIELD_MANAGER}&force=true&dryRun=All`, obj, 'application/apply-patch+yaml')
    const w = res.headers.warning
    return { ...res, warnings: w === undefined ? [] : Array.isArray(w) ? w : [w] }
  }

  /**
   * A bound ServiceAccount token from the TokenRequest API (the ServiceAccount must exist),
   * as the kubelet mounts into a pod; use it with `Cluster.kubeconfigFor`.
   */
  async serviceAccountToken(namespace: string, name: string, expirationSeconds = 3600): Promise<string> {
    const res = await this.call<{ status: { token: string } }>(
      'POST',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(name)}/token`,
      { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds } },
    )
    return res.status.token
  }

  /** Writes `status` through the /status subresource (server-side apply). */
  applyStatus<T extends KubeObject>(obj: Pick<T, 'apiVersion' | 'kind' | 'metadata'>, status: unknown): Promise<T> {
    const { apiVersion, kind, metadata } = obj
    return this.apply({ apiVersion, kind, metadata: { name: metadata.name, namespace: metadata.namespace }, status } as unknown as T, {
      subresource: 'status',
    })
  }

  /** Applies every document of a multi-document YAML text; returns the applied objects. */
  async applyYaml(text: string): Promise<KubeObject[]> {
    const out: KubeObject[] = []
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) throw doc.errors[0]
      const obj = doc.toJS() as KubeObject | null
      if (!obj || !obj.kind) continue
      out.push(await this.apply(obj))
    }
    return out
  }

  /** Deletes an object; a 404 counts as done. */
  async delete(apiVersion: string, kind: string, name: string, namespace?: string): Promise<void> {
    const path = await this.pathFor(apiVersion, kind, namespace, name)
    const res = await this.raw('DELETE', path)
    if (res.status !== 404 && (res.status < 200 || res.status > 299)) throw new KubeError(res.status, 'DELETE', path, res.body)
  }
}
