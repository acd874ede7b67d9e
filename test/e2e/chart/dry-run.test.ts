/**
 * The chart's objects, rendered with every ci/ values file, pass a server-side dry run on a
 * real kube-apiserver: schema validation, admission and the namespace's restricted Pod
 * Security profile (a violation comes back as a warning).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { ciValues, helmTemplate } from '../harness/helm.ts'
import { progress, waitFor } from '../harness/proc.ts'

const NAMESPACE = 'k8s-gateway-doh'
const VALUES = ['minimal', 'k8s-gateway', 'multi-zone', 'every-kind', 'corefile']

/**
 * The Prometheus operator's ServiceMonitor kind, with its schema left open: the dry run then
 * proves the object is one the API server routes to that kind, not the operator's validation.
 */
const SERVICE_MONITOR_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'servicemonitors.monitoring.coreos.com' },
  spec: {
    group: 'monitoring.coreos.com',
    scope: 'Namespaced',
    names: { plural: 'servicemonitors', singular: 'servicemonitor', kind: 'ServiceMonitor', listKind: 'ServiceMonitorList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
}

describe('chart: server-side dry run', () => {
  let cluster: Cluster

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.kube.apply(SERVICE_MONITOR_CRD)
    await waitFor('ServiceMonitor served', async () =>
      (await cluster.kube.raw('GET', '/apis/monitoring.coreos.com/v1')).status === 200 || undefined,
    )
    // Namespaced objects are admitted only in an existing namespace; as deploy/namespace.yaml
    // does, it enforces the restricted profile.
    await cluster.kube.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NAMESPACE, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    })
  })

  afterAll(async () => {
    await cluster?.stop()
  })

  it.each(VALUES)('ci/%s-values.yaml: every object is accepted, with no warning', async (name) => {
    const objects = await helmTemplate({ values: [ciValues(name)], namespace: NAMESPACE })
    for (const obj of objects) {
      const res = await cluster.kube.dryRunApply(obj)
      expect([200, 201], `${obj.kind} ${obj.metadata.name}: HTTP ${res.status}: ${res.body.slice(0, 500)}`).toContain(res.status)
      expect(res.warnings, `${obj.kind} ${obj.metadata.name}`).toEqual([])
    }
    progress(`chart ${name}: ${objects.length} objects accepted: ${objects.map((o) => o.kind).join(', ')}`)
  })
})
