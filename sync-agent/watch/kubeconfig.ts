/**
 * Which cluster the agent talks to: `--kubeconfig`/`--context`, else the Corefile's
 * `kubeconfig FILE [CONTEXT]`, else in-cluster (a pod), else ~/.kube/config.
 */
import { KubeConfig } from '@kubernetes/client-node'
import type { AgentConfig } from '../config/types.ts'

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
  } else kc.loadFromDefault()
  if (context) kc.setCurrentContext(context)
  if (!kc.getCurrentCluster()) throw new Error('no cluster found (set --kubeconfig or the Corefile kubeconfig option)')
  return { kc, inCluster }
}
