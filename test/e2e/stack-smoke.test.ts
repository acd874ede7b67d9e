/**
 * Our stack on a real API server: an Ingress written with its status is answered over DoH;
 * `agent sync --once` publishes (or prints the plan) and exits with the outcome.
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeKvApi, type FakeKvApi } from '../helpers/fake-kv-api.ts'
import { startCluster, type Cluster } from './harness/cluster.ts'
import { answerData, dohQuery } from './harness/dns.ts'
import { makeTempDir, waitFor } from './harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from './harness/stack.ts'

const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url))

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

describe('agent sync --once on a real API server', () => {
  let cluster: Cluster | undefined
  let api: FakeKvApi | undefined
  const tmp = makeTempDir('sync-once')
  const ns = `once-${Date.now().toString(36)}`
  const corefile = join(tmp.dir, 'Corefile')

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.applyCrds()
    writeFileSync(corefile, 'example.com {\n  k8s_gateway {\n    resources Ingress\n  }\n}\n')
    const kube = cluster.kube
    await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
    const web = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns }, spec: { rules: [{ host: 'web.example.com' }] } }
    await kube.apply(web)
    await kube.applyStatus(web, { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } })
    api = await startFakeKvApi()
  })

  afterAll(async () => {
    await api?.close()
    await cluster?.stop()
    tmp.remove()
  })

  const once = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(TSX, ['sync-agent/main.ts', 'sync', '--once', '--config', corefile, '--kubeconfig', cluster!.kubeconfigPath, '--listen', '127.0.0.1:0', ...args], {
        env: { ...process.env, ...env },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
      child.on('exit', (code) => resolve({ code, stdout, stderr }))
    })

  it('prints the plan with --publisher dry-run and exits 0', async () => {
    const { code, stdout } = await once(['--publisher', 'dry-run'])
    expect(code).toBe(0)
    expect(stdout).toContain('put v1/name/default/web.example.com {"a":["192.0.2.10"]}')
    expect(stdout).toMatch(/^put v1\/meta\/default /m)
  }, 60_000)

  it('publishes to the KV REST API and exits 0, or exits 1 when KV refuses it', async () => {
    const kvArgs = ['--publisher', 'kv-rest', '--account-id', api!.accountId, '--namespace-id', api!.namespaceId, '--kv-api-base', api!.apiBase]
    const refused = await once(kvArgs, { CLOUDFLARE_API_TOKEN: 'wrong' })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('HTTP 401')
    expect(refused.stderr).not.toContain('wrong"')
    expect(api!.store.size).toBe(0)
    const ok = await once(kvArgs, { CLOUDFLARE_API_TOKEN: api!.token })
    expect(ok.code).toBe(0)
    expect(api!.store.get('v1/name/default/web.example.com')?.value).toBe('{"a":["192.0.2.10"]}')
  }, 60_000)
})
