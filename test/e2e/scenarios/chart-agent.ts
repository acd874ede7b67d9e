/**
 * The agent as deploy/chart deploys it, run as a process here: the chart's ServiceAccount,
 * ClusterRole and leader-election Role applied to the API server unchanged, a token of that
 * ServiceAccount, the ConfigMap's Corefile and the Deployment's args. Only what a pod has and
 * a process here has not is replaced: the publisher (the local KV the test worker serves, not
 * Workers KV), the listen address, the Corefile's path and $(POD_NAMESPACE).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Cluster } from '../harness/cluster.ts'
import { ciValues, helmTemplate, type K8sObject } from '../harness/helm.ts'

export const CHART_NAMESPACE = 'k8s-gateway-doh'

/** Flags the harness's startAgent sets itself, with their values. */
const SET_BY_HARNESS = new Set(['--config', '--publisher', '--account-id', '--namespace-id', '--listen', '--log-level', '--owner'])

export interface ChartAgent {
  kubeconfigPath: string
  corefile: string
  owner: string
  /** The Deployment's other args, e.g. the leader election flags. */
  extraArgs: string[]
}

/** Renders the chart with ci/minimal-values.yaml plus `values`, and sets up its identity. */
export async function chartAgent(cluster: Cluster, workDir: string, values: Record<string, unknown>): Promise<ChartAgent> {
  const valuesFile = join(workDir, 'chart-values.json') // JSON is YAML
  writeFileSync(valuesFile, JSON.stringify(values))
  const objects = await helmTemplate({ values: [ciValues('minimal'), valuesFile], namespace: CHART_NAMESPACE })
  const one = (kind: string): K8sObject => {
    const found = objects.filter((o) => o.kind === kind)
    if (found.length !== 1) throw new Error(`chart rendered ${found.length} ${kind} objects`)
    return found[0]
  }

  await cluster.kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: CHART_NAMESPACE } })
  for (const obj of objects) {
    if (['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(obj.kind)) await cluster.kube.apply(obj)
  }
  const sa = one('ServiceAccount')
  const token = await cluster.kube.serviceAccountToken(CHART_NAMESPACE, sa.metadata.name)

  const args: string[] = one('Deployment').spec.template.spec.containers[0].args
  if (args[0] !== 'sync') throw new Error(`the chart's agent runs ${args[0]}, not sync`)
  const extraArgs: string[] = []
  let owner = 'default'
  for (let i = 1; i < args.length; i += 2) {
    const [flag, value] = [args[i]!, args[i + 1]!]
    if (flag === '--owner') owner = value
    if (!SET_BY_HARNESS.has(flag)) extraArgs.push(flag, value.replaceAll('$(POD_NAMESPACE)', CHART_NAMESPACE))
  }
  return {
    kubeconfigPath: cluster.kubeconfigFor(token, 'chart-agent'),
    corefile: one('ConfigMap').data.Corefile,
    owner,
    extraArgs,
  }
}

/** The holder of the Lease the chart's args name (the agent leads once it publishes), or null. */
export async function leaseHolder(cluster: Cluster, agent: ChartAgent): Promise<string | null> {
  const flag = (f: string) => agent.extraArgs[agent.extraArgs.indexOf(f) + 1]
  if (!agent.extraArgs.includes('--lease-name')) return null
  const lease = await cluster.kube.get(`/apis/coordination.k8s.io/v1/namespaces/${flag('--lease-namespace')}/leases/${flag('--lease-name')}`)
  return lease.spec?.holderIdentity ?? null
}
