/**
 * deploy/ (the kustomize route) against the code: the ClusterRole grants exactly what the
 * watcher reads for the Corefile shipped beside it (through the watcher's own kind table), the
 * Deployment passes flags the sync command knows, and the generated ConfigMap's inputs
 * (Corefile, agent.env) are ones the agent accepts. test/e2e/deploy/ runs kustomize itself.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../sync-agent/config/k8s-gateway.ts'
import { kindsFor } from '../../../sync-agent/watch/kinds.ts'
import { syncCommand } from '../../../sync-agent/cli/sync.ts'

const DIR = join(import.meta.dirname, '../../../deploy')
const NS = 'k8s-gateway-doh'
const READ = ['get', 'list', 'watch']

// Loose shapes: the test reads what it checks and fails loudly on anything missing.
type Obj = any

const objects: Obj[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .sort()
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map((doc) => {
      if (doc.errors.length) throw new Error(`${f}: ${doc.errors[0]!.message}`)
      return doc.toJS() as Obj
    }),
  )
  .filter((o) => o !== null)

const kustomization = (): Obj => parseAllDocuments(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'))[0]!.toJS()
const generator = (): Obj => kustomization().configMapGenerator[0]
/** The generated ConfigMap's data: agent.env's pairs and the Corefile file. */
const configData = (): Record<string, string> => {
  const data: Record<string, string> = {}
  for (const env of generator().envs) {
    for (const line of readFileSync(join(DIR, env), 'utf8').split('\n')) {
      const m = /^([\w.-]+)=(.*)$/.exec(line)
      if (m) data[m[1]!] = m[2]!
    }
  }
  for (const file of generator().files) data[file] = readFileSync(join(DIR, file), 'utf8')
  return data
}
const shippedCorefile = () => parseConfig(configData().Corefile!, 'deploy/Corefile').config

const one = (kind: string, name?: string): Obj => {
  const found = objects.filter(
    (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
  )
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1)
  return found[0]
}

const deployment = () => one('Deployment')
const container = () => deployment().spec.template.spec.containers[0]
/** The value after `--flag` in the container's args. */
const arg = (flag: string): string | undefined => {
  const args: string[] = container().args
  const i = args.indexOf(flag)
  return i === -1 ? undefined : args[i + 1]
}
/** Every (group, resource) a set of rules grants, as `group/resource`. */
const grants = (rules: Obj[]) =>
  rules.flatMap((r: Obj) =>
    r.apiGroups.flatMap((g: string) => r.resources.map((res: string) => `${g}/${res}`)),
  )

describe('deploy manifests', () => {
  it('kustomization lists every manifest, generates the ConfigMap and sets the image', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    expect([...kustomization().resources].sort()).toEqual(files.sort())
    // The Deployment names the generated ConfigMap (kustomize appends the content hash).
    const volume = deployment().spec.template.spec.volumes.find((v: Obj) => v.name === 'config')
    expect(volume.configMap.name).toBe(generator().name)
    expect(generator().namespace).toBe(NS)
    expect(kustomization().images.map((i: Obj) => i.name)).toEqual([container().image])
  })

  it('namespaces everything namespaced in k8s-gateway-doh', () => {
    expect(one('Namespace').metadata.name).toBe(NS)
    for (const o of objects.filter(
      (o) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind),
    )) {
      expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe(NS)
    }
  })

  it('the ClusterRole reads exactly the kinds the shipped Corefile watches, with get/list/watch only', () => {
    const watched = kindsFor(shippedCorefile().resources, { endpointSlices: true }).map((k) => `${k.group}/${k.plural}`)
    // The agent notices CRDs installed after it started; nothing else cluster-wide.
    // A CRD installed later is found through API discovery, open to every authenticated user.
    const expected = [...watched]
    // Besides: get on the kube-system namespace alone, whose UID names the cluster in the meta.
    const all: Obj[] = one('ClusterRole').rules
    const identity = all.filter((r) => r.resources.includes('namespaces'))
    expect(identity).toEqual([{ apiGroups: [''], resources: ['namespaces'], resourceNames: ['kube-system'], verbs: ['get'] }])
    const rules = all.filter((r) => !identity.includes(r))
    expect(grants(rules).sort()).toEqual(expected.sort())
    expect(new Set(grants(rules)).size).toBe(grants(rules).length)
    for (const rule of rules) {
      expect([...rule.verbs].sort()).toEqual(READ)
      expect(rule.resourceNames).toBeUndefined()
      expect(rule.nonResourceURLs).toBeUndefined()
    }
    // Spot check the table the list came from, so a wrong mapping can't pass on both sides.
    expect(expected).toEqual(
      expect.arrayContaining(['networking.k8s.io/ingresses', '/services', 'gateway.networking.k8s.io/gateways']),
    )
    // Node is not served by the shipped Corefile, so nodes are not readable.
    expect(expected).not.toContain('/nodes')
  })

  it('the lease Role allows get/create/update on leases in the agent namespace, for the lease it uses', () => {
    const role = one('Role')
    const rules: Obj[] = role.rules
    expect(new Set(grants(rules))).toEqual(new Set(['coordination.k8s.io/leases']))
    expect(rules.flatMap((r: Obj) => r.verbs).sort()).toEqual(['create', 'get', 'update'])
    // get/update may be limited to one name; create cannot be (the name does not exist yet).
    for (const rule of rules.filter((r: Obj) => r.resourceNames)) {
      expect(rule.verbs).not.toContain('create')
      expect(rule.resourceNames).toEqual([arg('--lease-name')])
    }
    expect(arg('--lease-namespace')).toBe('$(POD_NAMESPACE)')
    expect(role.metadata.namespace).toBe(deployment().metadata.namespace)
  })

  it('binds both roles to the Deployment service account', () => {
    const sa = one('ServiceAccount').metadata.name
    expect(deployment().spec.template.spec.serviceAccountName).toBe(sa)
    for (const [binding, role] of [
      ['ClusterRoleBinding', 'ClusterRole'],
      ['RoleBinding', 'Role'],
    ] as const) {
      const b = one(binding)
      expect(b.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: role,
        name: one(role).metadata.name,
      })
      expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: NS }])
    }
  })

  it('runs `sync` with kv-rest, the mounted Corefile and token file, on 0.0.0.0:8080', () => {
    const c = container()
    const spec = deployment().spec.template.spec
    expect(deployment().spec.replicas).toBe(2)
    expect(c.args[0]).toBe('sync')
    expect(arg('--publisher')).toBe('kv-rest')
    expect(arg('--listen')).toBe('0.0.0.0:8080')

    const mount = (volume: string) => c.volumeMounts.find((m: Obj) => m.name === volume)
    const volume = (name: string) => spec.volumes.find((v: Obj) => v.name === name)
    const configVolume = volume(mount('config').name)
    expect(`${mount('config').mountPath}/${configVolume.configMap.items[0].path}`).toBe(
      arg('--config'),
    )
    expect(configVolume.configMap.name).toBe(generator().name)

    const env = (name: string) => c.env.find((e: Obj) => e.name === name)
    expect(env('CLOUDFLARE_API_TOKEN')).toBeUndefined()
    const tokenVolume = volume('cloudflare-token')
    expect(env('CLOUDFLARE_API_TOKEN_FILE').value).toBe('/var/run/secrets/cloudflare/token')
    expect(`${mount('cloudflare-token').mountPath}/${tokenVolume.secret.items[0].path}`).toBe(
      '/var/run/secrets/cloudflare/token',
    )
    expect(env('POD_NAME').valueFrom.fieldRef.fieldPath).toBe('metadata.name')
    expect(env('POD_NAMESPACE').valueFrom.fieldRef.fieldPath).toBe('metadata.namespace')
  })

  it('passes only flags the sync command knows, and defines every $(VAR) it uses', () => {
    const flags = [...syncCommand.usage.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1])
    const args: string[] = container().args
    for (const a of args.filter((a) => a.startsWith('--'))) expect(flags).toContain(a)
    const names = new Set(container().env.map((e: Obj) => e.name))
    for (const v of args.flatMap((a) => [...a.matchAll(/\$\((\w+)\)/g)].map((m) => m[1])))
      expect(names).toContain(v)
    const data = configData()
    for (const e of container().env.filter((e: Obj) => e.valueFrom?.configMapKeyRef)) {
      expect(e.valueFrom.configMapKeyRef.name).toBe(generator().name)
      expect(Object.keys(data)).toContain(e.valueFrom.configMapKeyRef.key)
    }
  })

  it('ships a Corefile and owner the agent accepts', () => {
    expect(shippedCorefile().zones.length).toBeGreaterThan(0)
    expect(configData().owner).toMatch(/^[a-z0-9._-]{1,63}$/)
  })

  it('probes /readyz and /healthz on the ops port, with requests and a locked-down container', () => {
    const c = container()
    const port = c.ports.find((p: Obj) => p.name === c.readinessProbe.httpGet.port)
    expect(port.containerPort).toBe(8080)
    expect(c.readinessProbe.httpGet.path).toBe('/readyz')
    expect(c.livenessProbe.httpGet.path).toBe('/healthz')
    expect(c.livenessProbe.httpGet.port).toBe(c.readinessProbe.httpGet.port)
    expect(c.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    })
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    })
    expect(deployment().spec.template.spec.securityContext.runAsNonRoot).toBe(true)
  })

  it('the Dockerfile runs the agent without dev dependencies', () => {
    const dockerfile = readFileSync(join(DIR, 'Dockerfile'), 'utf8')
    expect(dockerfile).toMatch(/^FROM node:22\.\d+\.\d+-slim$/m)
    expect(dockerfile).toContain('npm ci --omit=dev')
    expect(dockerfile).toMatch(
      /ENTRYPOINT \[.*"--experimental-transform-types".*"sync-agent\/main\.ts"\]/,
    )
  })

  it('one release version: package.json, the chart, the kustomize image tag', () => {
    const { version } = JSON.parse(readFileSync(join(DIR, '../package.json'), 'utf8'))
    const chart = parseAllDocuments(readFileSync(join(DIR, 'chart/Chart.yaml'), 'utf8'))[0]!.toJS()
    expect(chart.appVersion).toBe(version)
    expect(kustomization().images[0].newTag).toBe(version)
  })
})
