/**
 * Issue 8 on a real API server: the agent's health and --once tell the truth when it cannot
 * reach a cluster; a second "cluster" under the same owner id refuses and deletes nothing; an
 * edited Corefile adds one kind and drops another without a restart; a rotated token file is
 * used for the next publish; an object over the caps is skipped with a warning while the rest
 * publishes.
 */
import { spawn } from 'node:child_process'
import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeKvApi, type FakeKvApi } from '../../helpers/fake-kv-api.ts'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { makeTempDir, waitFor } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { converge, corefile, firstSync, freshNamespace, holds, logsWhere, metricValue, scrape, waitForLog } from './support.ts'

const DEAD_KUBECONFIG = 'test/fixtures/kubeconfig-loopback.yaml' // https://127.0.0.1:1: nothing listens

describe('no reachable cluster', () => {
  const tmp = makeTempDir('scenario-nocluster-')
  afterAll(() => tmp.remove())

  it('--once exits non-zero naming the kinds, and a running agent is not ready', async () => {
    const path = join(tmp.dir, 'Corefile')
    writeFileSync(path, corefile(['Ingress', 'Service']))
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'sync-agent/main.ts', 'sync', '--once', '--config', path, '--kubeconfig', DEAD_KUBECONFIG, '--publisher', 'dry-run', '--listen', '127.0.0.1:0'], { env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } })
      let err = ''
      child.stderr.on('data', (c: Buffer) => (err += c.toString()))
      child.on('exit', (c) => resolve({ code: c, stderr: err }))
    })
    expect(code).toBe(1)
    expect(stderr).toMatch(/agent sync: --once: could not list Ingress \(.*\), Service \(/)

    const agent = await startAgent({ corefile: corefile(['Ingress']), kubeconfigPath: DEAD_KUBECONFIG, persistTo: tmp.dir, workDir: tmp.dir, extraArgs: ['--publisher', 'dry-run'] })
    try {
      await firstSync(agent)
      const ready = await fetch(`${agent.opsUrl}/readyz`)
      expect(ready.status).toBe(503)
      expect(((await ready.json()) as { detail: { waiting: string[] } }).detail.waiting).toEqual(['Ingress'])
      expect((await fetch(`${agent.opsUrl}/healthz`)).status).toBe(200) // failing, not stuck
    } finally {
      await agent.stop()
    }
  })
})

describe('the agent on a real API server', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let ns: string
  const tmp = makeTempDir('scenario-truth-')
  const agents: AgentProc[] = []
  const common = () => ({ kubeconfigPath: cluster.kubeconfigPath, persistTo: tmp.dir, workDir: tmp.dir })
  const ingress = (name: string, hosts: string[], cls?: string) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: ns },
    spec: { ...(cls ? { ingressClassName: cls } : {}), rules: hosts.map((host) => ({ host })) },
  })
  const publish = async (obj: ReturnType<typeof ingress>, ip: string) => {
    await cluster.kube.applyStatus(await cluster.kube.apply(obj), { loadBalancer: { ingress: [{ ip }] } })
  }
  const wait = (name: string, want: string[] | 'NXDOMAIN') => converge(worker.dohUrl, name, 'A', want, { timeoutMs: 30_000 })

  beforeAll(async () => {
    cluster = await startCluster()
    ns = await freshNamespace(cluster, 'truth')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir, owners: ['shared', 'reload', 'caps'] })
  })

  afterAll(async () => {
    for (const a of agents) await a.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  it('a second cluster under the same owner id refuses to publish and deletes nothing', async () => {
    await publish(ingress('east', ['east.example.com'], 'east'), '192.0.2.1')
    await publish(ingress('west', ['west.example.com'], 'west'), '192.0.2.2')
    const east = await startAgent({ ...common(), owner: 'shared', name: 'east', corefile: corefile(['Ingress'], ['ingressClasses east']), extraArgs: ['--cluster-id', 'cluster-east'] })
    agents.push(east)
    await firstSync(east)
    await wait('east.example.com', ['192.0.2.1'])

    const west = await startAgent({ ...common(), owner: 'shared', name: 'west', corefile: corefile(['Ingress'], ['ingressClasses west']), extraArgs: ['--cluster-id', 'cluster-west'] })
    agents.push(west)
    await waitForLog(west, /published by another cluster \(cluster-east/)
    expect(metricValue(await scrape(west), 'k8s_gateway_doh_owner_conflict')).toBe(1)
    const ready = await fetch(`${west.opsUrl}/readyz`)
    expect(ready.status).toBe(503)
    expect(((await ready.json()) as { detail: { conflict: string } }).detail.conflict).toMatch(/cluster-east/)
    await holds(worker.dohUrl, 'east.example.com', 'A', ['192.0.2.1'], 2_000)
    await holds(worker.dohUrl, 'west.example.com', 'A', 'NXDOMAIN', 500)
    expect(west.logs().filter((l) => l.msg === 'published')).toEqual([])
  })

  it('an edited Corefile adds a kind and drops one without a restart', async () => {
    await publish(ingress('web', ['web.example.com']), '192.0.2.10')
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: ns }, spec: { type: 'LoadBalancer', ports: [{ port: 5432 }] } }
    await cluster.kube.applyStatus(await cluster.kube.apply(svc), { loadBalancer: { ingress: [{ ip: '192.0.2.20' }] } })
    const agent = await startAgent({ ...common(), owner: 'reload', name: 'reload', corefile: corefile(['Ingress']) })
    agents.push(agent)
    await firstSync(agent)
    await wait('web.example.com', ['192.0.2.10'])
    await wait(`db.${ns}.example.com`, 'NXDOMAIN')

    // a ConfigMap volume update: a new file renamed over the old one
    const path = join(tmp.dir, 'reload.Corefile')
    writeFileSync(`${path}.new`, corefile(['Service']))
    const changed = Date.now()
    renameSync(`${path}.new`, path)
    await wait(`db.${ns}.example.com`, ['192.0.2.20'])
    await wait('web.example.com', 'NXDOMAIN')
    console.log(`Corefile edit -> new kind answered and dropped kind gone: ${Date.now() - changed} ms`)
    expect(logsWhere(agent, 'agent started')).toHaveLength(1)
    expect(logsWhere(agent, 'config reloaded')).toHaveLength(1)

    // a bad edit keeps the running config and says so
    writeFileSync(`${path}.new`, corefile(['Bogus']))
    renameSync(`${path}.new`, path)
    await waitForLog(agent, 'config reload failed; keeping the running config')
    const ready = (await (await fetch(`${agent.opsUrl}/readyz`)).json()) as { detail: { configError?: string } }
    expect(ready.detail.configError).toMatch(/Bogus/)
    await holds(worker.dohUrl, `db.${ns}.example.com`, 'A', ['192.0.2.20'], 1_000)
  })

  it('skips an object over the caps with a warning naming it, and publishes the rest', async () => {
    const hosts = Array.from({ length: 120 }, (_, i) => `cap${i}.example.com`)
    await publish(ingress('too-many', hosts, 'caps'), '192.0.2.30')
    await publish(ingress('fine', ['fine.example.com'], 'caps'), '192.0.2.31')
    const agent = await startAgent({ ...common(), owner: 'caps', name: 'caps', corefile: corefile(['Ingress'], ['ingressClasses caps']) })
    agents.push(agent)
    await firstSync(agent)
    await waitForLog(agent, `Ingress ${ns}/too-many: claims 120 hostnames, more than 100: the first 100 served, 20 skipped`)
    await wait('fine.example.com', ['192.0.2.31'])
    await wait('cap99.example.com', ['192.0.2.30'])
    await wait('cap100.example.com', 'NXDOMAIN')
  })
})

describe('a rotated API token', () => {
  let cluster: Cluster
  let api: FakeKvApi
  const tmp = makeTempDir('scenario-token-')

  beforeAll(async () => {
    cluster = await startCluster()
    api = await startFakeKvApi()
  })
  afterAll(async () => {
    await api?.close()
    await cluster?.stop()
    tmp.remove()
  })

  it('is read from its file for the next publish', async () => {
    const ns = await freshNamespace(cluster, 'token')
    const tokenFile = join(tmp.dir, 'token')
    writeFileSync(tokenFile, api.token)
    const saved = process.env.CLOUDFLARE_API_TOKEN_FILE
    process.env.CLOUDFLARE_API_TOKEN_FILE = tokenFile
    const agent = await startAgent({
      corefile: corefile(['Ingress']),
      kubeconfigPath: cluster.kubeconfigPath,
      persistTo: tmp.dir,
      workDir: tmp.dir,
      extraArgs: ['--publisher', 'kv-rest', '--kv-api-base', api.apiBase, '--account-id', api.accountId, '--namespace-id', api.namespaceId],
    })
    if (saved === undefined) delete process.env.CLOUDFLARE_API_TOKEN_FILE
    else process.env.CLOUDFLARE_API_TOKEN_FILE = saved
    try {
      await firstSync(agent)
      api.token = 'rotated-secret'
      writeFileSync(tokenFile, 'rotated-secret\n')
      const web = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns }, spec: { rules: [{ host: 'rotated.example.com' }] } }
      await cluster.kube.applyStatus(await cluster.kube.apply(web), { loadBalancer: { ingress: [{ ip: '192.0.2.40' }] } })
      await waitFor('the key written with the new token', async () => (api.store.has('v1/name/default/rotated.example.com') ? true : undefined), { timeoutMs: 20_000, onTimeout: () => agent.proc.tail() })
      expect(logsWhere(agent, 'publish failed')).toEqual([])
    } finally {
      await agent.stop()
    }
  })
})
