/** Our stack on a real API server: an Ingress written with its status is answered over DoH. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from './harness/cluster.ts'
import { answerData, dohQuery } from './harness/dns.ts'
import { makeTempDir, waitFor } from './harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from './harness/stack.ts'

describe('agent + worker on a real API server', () => {
  let cluster: Cluster | undefined
  let worker: LocalWorker | undefined
  let agent: AgentProc | undefined
  const tmp = makeTempDir('stack-smoke')
  const ns = `stack-${Date.now().toString(36)}`

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.applyCrds()
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir })
    agent = await startAgent({
      corefile: 'example.com {\n  k8s_gateway {\n    resources Ingress Service\n  }\n}\n',
      kubeconfigPath: cluster.kubeconfigPath,
      persistTo: tmp.dir,
      workDir: tmp.dir,
    })
  })

  afterAll(async () => {
    await agent?.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  it('answers an Ingress host with its status address, and follows an update', async () => {
    const kube = cluster!.kube
    await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
    const web = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns }, spec: { rules: [{ host: 'web.example.com' }] } }
    await kube.apply(web)
    await kube.applyStatus(web, { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } })
    const answer = () => dohQuery(worker!.dohUrl, 'web.example.com', 'A').then((m) => answerData(m, 'A'))
    await waitFor('first answer', async () => ((await answer()).includes('192.0.2.10') ? true : undefined), { timeoutMs: 30_000, onTimeout: () => agent!.proc.tail() })
    await kube.applyStatus(web, { loadBalancer: { ingress: [{ ip: '192.0.2.11' }] } })
    await waitFor('updated answer', async () => ((await answer()).includes('192.0.2.11') ? true : undefined), { timeoutMs: 10_000 })
    expect(await answer()).toEqual(['192.0.2.11'])
    const ready = await fetch(`${agent!.opsUrl}/readyz`)
    expect(ready.status).toBe(200)
  })
})
