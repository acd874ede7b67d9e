/**
 * deploy/chart through helm: lint, then `helm template` with the values files in
 * deploy/chart/ci/ and assertions on the rendered objects against the agent's own code (the
 * Corefile parser, the watched-kind table, the sync command's flags).
 */
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../sync-agent/config/k8s-gateway.ts'
import { syncCommand } from '../../../sync-agent/cli/sync.ts'
import { kindsFor } from '../../../sync-agent/watch/kinds.ts'
import { ciValues, helmLint, helmTemplate, helmTemplateText, type K8sObject } from '../harness/helm.ts'

const VALUES = ['minimal', 'k8s-gateway', 'multi-zone', 'every-kind', 'corefile'] as const

const render = (name: (typeof VALUES)[number], set?: Record<string, string>) =>
  helmTemplate({ values: [ciValues(name)], ...(set ? { set } : {}) })

function pick(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind)
}
function one(objects: K8sObject[], kind: string): K8sObject {
  const found = pick(objects, kind)
  expect(found.map((o) => o.metadata.name), kind).toHaveLength(1)
  return found[0]
}
const container = (objects: K8sObject[]) => one(objects, 'Deployment').spec.template.spec.containers[0]
/** The value after `--flag` in the agent's args. */
function arg(objects: K8sObject[], flag: string): string | undefined {
  const args: string[] = container(objects).args
  const i = args.indexOf(flag)
  return i === -1 ? undefined : args[i + 1]
}
const corefileOf = (objects: K8sObject[]) => parseConfig(one(objects, 'ConfigMap').data.Corefile, 'Corefile').config
/** Every `group/resource` the ClusterRole grants. */
const granted = (objects: K8sObject[]) =>
  one(objects, 'ClusterRole').rules.flatMap((r: K8sObject) => r.apiGroups.flatMap((g: string) => r.resources.map((res: string) => `${g}/${res}`)))

describe('helm lint', () => {
  it.each(VALUES)('passes --strict with ci/%s-values.yaml', async (name) => {
    const r = await helmLint({ values: [ciValues(name)] })
    expect(r.stdout + r.stderr).toContain('0 chart(s) failed')
    expect(r.code).toBe(0)
  })
})

describe('helm template: every values file', () => {
  it.each(VALUES)('%s: the agent accepts the Corefile and RBAC reads exactly what it watches', async (name) => {
    const objects = await render(name)
    const config = corefileOf(objects)
    const watched = kindsFor(config.resources, { endpointSlices: true }).map((k) => `${k.group}/${k.plural}`)
    // Besides the watched kinds: get on the kube-system namespace alone, whose UID names the cluster.
    const rules: K8sObject[] = one(objects, 'ClusterRole').rules
    expect(rules.filter((r) => r.resources.includes('namespaces'))).toEqual([{ apiGroups: [''], resources: ['namespaces'], resourceNames: ['kube-system'], verbs: ['get'] }])
    expect(granted(objects).filter((g: string) => g !== '/namespaces').sort()).toEqual(watched.sort())
    for (const rule of rules.filter((r) => !r.resources.includes('namespaces'))) {
      expect(rule.verbs).toEqual(['get', 'list', 'watch'])
      expect(rule.resourceNames).toBeUndefined()
    }
  })

  it.each(VALUES)('%s: passes only flags `sync` knows, and the token only as a file from the Secret', async (name) => {
    const objects = await render(name)
    const known = [...syncCommand.usage.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1])
    const c = container(objects)
    expect(c.args[0]).toBe('sync')
    for (const a of c.args.filter((a: string) => a.startsWith('--'))) expect(known).toContain(a)
    const env = new Map(c.env.map((e: K8sObject) => [e.name, e]))
    for (const v of c.args.flatMap((a: string) => [...a.matchAll(/\$\((\w+)\)/g)].map((m) => m[1]))) expect(env.has(v)).toBe(true)
    expect(env.has('CLOUDFLARE_API_TOKEN')).toBe(false)
    expect(pick(objects, 'Secret')).toEqual([])
    expect((env.get('CLOUDFLARE_API_TOKEN_FILE') as K8sObject).value).toBe('/var/run/secrets/cloudflare/token')
    const spec = one(objects, 'Deployment').spec.template.spec
    expect(spec.serviceAccountName).toBe(one(objects, 'ServiceAccount').metadata.name)
    expect(spec.volumes.find((v: K8sObject) => v.name === 'config').configMap.name).toBe(one(objects, 'ConfigMap').metadata.name)
    expect(`/etc/k8s-gateway-doh/${spec.volumes.find((v: K8sObject) => v.name === 'config').configMap.items[0].path}`).toBe(arg(objects, '--config'))
  })
})

describe('helm template: the values', () => {
  it('minimal: the defaults are two replicas electing a leader, locked down, RBAC without nodes', async () => {
    const objects = await render('minimal')
    expect(objects.map((o) => o.kind).sort()).toEqual(
      ['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'ServiceAccount'],
    )
    const deployment = one(objects, 'Deployment')
    expect(deployment.spec.replicas).toBe(2)
    expect(arg(objects, '--owner')).toBe('cluster-1')
    expect(arg(objects, '--account-id')).toBe('0123456789abcdef0123456789abcdef')
    expect(arg(objects, '--namespace-id')).toBe('fedcba9876543210fedcba9876543210')
    expect(arg(objects, '--publisher')).toBe('kv-rest')
    expect(arg(objects, '--leader-election')).toBe('true')
    expect(arg(objects, '--lease-name')).toBe(one(objects, 'Role').rules[1].resourceNames[0])
    expect(container(objects).image).toBe('k8s-gateway-doh:0.1.0')
    expect(granted(objects)).not.toContain('/nodes')
    const config = corefileOf(objects)
    expect(config).toMatchObject({ zones: ['example.com'], resources: ['Ingress', 'Service'], ttl: 300, fallthrough: null, forward: null, serverBlock: ['example.com'] })
    const c = container(objects)
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } })
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'ops' })
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'ops' })
    expect(c.resources.requests).toEqual({ cpu: '50m', memory: '128Mi' })
    expect(one(objects, 'PodDisruptionBudget').spec).toMatchObject({ maxUnavailable: 1, selector: deployment.spec.selector })
  })

  it("k8s-gateway: a k8s_gateway chart user's values mean the same", async () => {
    const objects = await render('k8s-gateway')
    expect(corefileOf(objects)).toMatchObject({
      zones: ['k8s.example.com'],
      resources: ['Ingress', 'Service', 'HTTPRoute'],
      ttl: 30,
      apex: 'gw-dns.infra',
      secondary: 'gw-dns2.infra',
      ingressClasses: ['nginx'],
      gatewayClasses: ['public'],
      fallthrough: [],
    })
    expect(granted(objects)).toContain('gateway.networking.k8s.io/gateways')
    const spec = one(objects, 'Deployment').spec.template.spec
    expect(one(objects, 'Deployment').spec.replicas).toBe(3)
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' })
    expect(spec.containers[0].image).toBe('registry.example.com/platform/k8s-gateway-doh:0.1.0')
    expect(spec.volumes.find((v: K8sObject) => v.name === 'cloudflare-token').secret).toMatchObject({
      secretName: 'kv-token',
      items: [{ key: 'api-token', path: 'token' }],
    })
    // k8s_gateway's Service on port 53 has no counterpart: clients use the worker's DoH URL.
    expect(pick(objects, 'Service')).toEqual([])
  })

  it('multi-zone: fallthrough for one zone to the upstream; one replica, no lease', async () => {
    const objects = await render('multi-zone')
    expect(corefileOf(objects)).toMatchObject({
      zones: ['example.com', 'example.org'],
      fallthrough: ['example.org'],
      forward: { upstreams: ['https://cloudflare-dns.com/dns-query'] },
      // the block's keys are the zones: names outside them are REFUSED, not relayed
      serverBlock: ['example.com', 'example.org'],
    })
    expect(arg(objects, '--leader-election')).toBe('false')
    expect(arg(objects, '--lease-name')).toBeUndefined()
    expect(pick(objects, 'Role')).toEqual([])
    expect(pick(objects, 'RoleBinding')).toEqual([])
    // One replica cannot keep one available through a drain: no PodDisruptionBudget.
    expect(pick(objects, 'PodDisruptionBudget')).toEqual([])
  })

  it('every-kind: nodes and gateways granted; metrics reachable only through the ServiceMonitor path', async () => {
    const objects = await render('every-kind')
    expect(corefileOf(objects)).toMatchObject({
      nodeAddressType: 'ExternalIP',
      serviceLabelSelectors: ['app=web', 'tier in (edge,public)'],
      forward: { upstreams: ['https://dns.google/dns-query'] },
      // resolveAll: the block is ".", so every other name is relayed (a resolver for devices)
      serverBlock: [''],
    })
    expect(granted(objects)).toEqual(expect.arrayContaining(['/nodes', 'gateway.networking.k8s.io/gateways', 'k8s.nginx.org/virtualservers', 'discovery.k8s.io/endpointslices']))
    expect(container(objects).args).toEqual(expect.arrayContaining(['--endpoint-health', '--location', '50.11,8.68', '--serves', 'EU']))
    const podLabels = one(objects, 'Deployment').spec.template.metadata.labels
    const service = one(objects, 'Service')
    expect(podLabels).toMatchObject(service.spec.selector)
    expect(service.spec.ports).toEqual([{ name: 'ops', port: 8080, targetPort: 'ops', protocol: 'TCP' }])
    const monitor = one(objects, 'ServiceMonitor')
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels)
    expect(monitor.metadata.labels.release).toBe('prometheus')
    expect(monitor.spec.endpoints).toEqual([{ port: 'ops', path: '/metrics', interval: '30s' }])
    const policy = one(objects, 'NetworkPolicy')
    expect(podLabels).toMatchObject(policy.spec.podSelector.matchLabels)
    expect(policy.spec.policyTypes).toEqual(['Ingress'])
    expect(policy.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ port: 'ops', protocol: 'TCP' }],
      },
    ])
  })

  it('a NetworkPolicy with no metricsFrom admits nothing', async () => {
    const objects = await render('minimal', { 'networkPolicy.enabled': 'true' })
    expect(one(objects, 'NetworkPolicy').spec.ingress).toEqual([])
  })

  it('corefile: a raw Corefile is used as is, and RBAC follows its resources line', async () => {
    const objects = await render('corefile')
    expect(corefileOf(objects)).toMatchObject({ zones: ['example.com', 'example.net'], resources: ['Ingress', 'VirtualServer'] })
    expect(granted(objects).sort()).toEqual(['/namespaces', 'k8s.nginx.org/virtualservers', 'networking.k8s.io/ingresses'])
  })

  it('a Corefile change changes the pod template, so the Deployment rolls', async () => {
    const checksum = async (ttl: string) =>
      one(await render('minimal', { ttl }), 'Deployment').spec.template.metadata.annotations['checksum/config']
    expect(await checksum('30')).not.toBe(await checksum('60'))
  })

  it.each([
    ['owner', 'owner:'],
    ['cloudflare.accountId', 'cloudflare.accountId:'],
    ['cloudflare.namespaceId', 'cloudflare.namespaceId:'],
    ['cloudflare.apiToken.existingSecret', 'cloudflare.apiToken.existingSecret:'],
    ['domain', 'domain:'],
  ])('refuses to render without %s, naming it', async (key, message) => {
    await expect(helmTemplateText({ values: [ciValues('minimal')], set: { [key]: '' } })).rejects.toThrow(message)
  })

  it('refuses a kind the agent does not know', async () => {
    await expect(helmTemplateText({ values: [ciValues('minimal')], set: { 'watchedResources[0]': 'Pod' } })).rejects.toThrow(
      /unknown kind "Pod"/,
    )
  })
})
