/**
 * Which cluster the agent talks to: `--kubeconfig`/`--context`, else the Corefile's
 * `kubeconfig FILE [CONTEXT]`, else in-cluster (a pod), else KUBECONFIG or ~/.kube/config.
 * With none of these, client-node would quietly fall back to http://localhost:8080 and the
 * agent would retry it forever; that is a setup mistake, so it is refused with one line.
 */
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import type { AgentConfig } from '../config/types.ts'

/** Neither in a pod nor given a kubeconfig: the message is the whole story. */
export class NoClusterError extends Error {}

export function noClusterProblem(env: NodeJS.ProcessEnv = process.env, home = env.HOME || homedir()): string | null {
  if (env.KUBERNETES_SERVICE_HOST || env.KUBECONFIG) return null
  const file = join(home, '.kube', 'config')
  if (existsSync(file)) return null
  return `no cluster to watch: not in a pod (KUBERNETES_SERVICE_HOST unset), KUBECONFIG unset and no ${file}; pass --kubeconfig FILE`
}

export function loadKubeConfig(
  config: AgentConfig,
  flags: { kubeconfig?: string; context?: string },
): { kc: KubeConfig; inCluster: boolean } {
  const kc = new KubeConfig()
  const file = flags.kubeconfig ?? config.kubeconfig?.file
  const context = flags.context ?? config.kubeconfig?.context ?? undefined
  let inCluster = false
  if (file) kc.loadFromFile(file)
  else if (process.env.KUBERNETES_SERVICE_HOST) {
    kc.loadFromCluster()
    inCluster = true
  } else {
    const problem = noClusterProblem()
    if (problem) throw new NoClusterError(problem)
    kc.loadFromDefault()
  }
  if (context) kc.setCurrentContext(context)
  if (!kc.getCurrentCluster()) throw new Error('no cluster found (set --kubeconfig or the Corefile kubeconfig option)')
  return { kc, inCluster }
}
