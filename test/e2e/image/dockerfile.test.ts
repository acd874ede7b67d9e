/**
 * deploy/Dockerfile, proven without a container engine: its steps carried out in a clean
 * directory (harness/dockerfile.ts: production dependencies only, the agent's sources), then
 * its entrypoint run as its non-root USER with the Node its base image pins: `--help` (the
 * CMD), `render`, and `sync --once` against the e2e API server publishing to a fake KV REST
 * API, with the token from a file as the Deployment mounts it.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeKvApi, type FakeKvApi } from '../../helpers/fake-kv-api.ts'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { buildImage, runImage, type Image } from '../harness/dockerfile.ts'
import { makeTempDir, progress } from '../harness/proc.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))

describe('deploy/Dockerfile, step by step in a clean directory', () => {
  const tmp = makeTempDir('image-')
  let image: Image
  let cluster: Cluster
  let api: FakeKvApi
  /** Inputs the container would get from its volumes, readable by its user. */
  const input = (name: string, text: string) => {
    const path = join(tmp.dir, 'inputs', name)
    writeFileSync(path, text, { mode: 0o644 })
    return path
  }

  beforeAll(async () => {
    const t0 = Date.now()
    // Readable by the image's user, as an image's files are (a temp dir is its creator's only).
    chmodSync(tmp.dir, 0o755)
    // A private npm cache: the Dockerfile's `npm cache clean` must not touch the user's.
    image = buildImage(join(ROOT, 'deploy/Dockerfile'), ROOT, join(tmp.dir, 'rootfs'), {
      npm_config_cache: join(tmp.dir, 'npm-cache'),
      npm_config_update_notifier: 'false',
    })
    progress(`image: built in ${Date.now() - t0} ms (npm ci --omit=dev into ${image.workdir})`)
    mkdirSync(join(tmp.dir, 'inputs'), { mode: 0o755 })
    cluster = await startCluster()
    api = await startFakeKvApi()
  })

  afterAll(async () => {
    await api?.close()
    await cluster?.stop()
    tmp.remove()
  })

  it('pins the Node the project runs on (the `node` dev dependency), and holds production dependencies only', () => {
    // The proof runs the entrypoint with this Node, so it must be the image's.
    expect(process.versions.node.split('.')[0], 'run through npm or npx, which put the project\'s Node 22 first').toBe('22')
    expect(image.from).toBe(`node:${process.versions.node}-slim`)
    const installed = readdirSync(join(image.workdir, 'node_modules'))
    for (const dep of Object.keys(pkg.dependencies)) expect(installed).toContain(dep.split('/')[0])
    for (const dev of ['wrangler', 'vitest', 'tsx', 'typescript', 'node']) expect(installed).not.toContain(dev)
    expect(image.user).toEqual({ uid: 1000, gid: 1000 })
    expect(image.env.NODE_ENV).toBe('production')
  })

  it('--help (the CMD): usage, exit 0', async () => {
    const r = await runImage(image, process.execPath)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/sync/)
  })

  it('render: the record set of a Corefile and manifests', async () => {
    const corefile = input('Corefile', 'example.com {\n  k8s_gateway {\n    resources Ingress\n  }\n}\n')
    const manifest = input(
      'ingress.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: default}\nspec: {rules: [{host: web.example.com}]}\nstatus: {loadBalancer: {ingress: [{ip: 192.0.2.10}]}}\n',
    )
    const r = await runImage(image, process.execPath, ['render', '--config', corefile, '--manifests', manifest])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).names['web.example.com']).toEqual({ a: ['192.0.2.10'] })
  })

  it('sync --once: reads the API server and publishes to the KV REST API with the token file', async () => {
    const ns = `image-${Date.now().toString(36)}`
    await cluster.kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
    const web = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns }, spec: { rules: [{ host: 'web.example.com' }] } }
    await cluster.kube.apply(web)
    await cluster.kube.applyStatus(web, { loadBalancer: { ingress: [{ ip: '192.0.2.20' }] } })
    const ca = Buffer.from(readFileSync(cluster.caFile)).toString('base64')
    const kubeconfig = input(
      'kubeconfig',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'e2e', cluster: { server: cluster.server, 'certificate-authority-data': ca } }],
        users: [{ name: 'admin', user: { token: cluster.token } }],
        contexts: [{ name: 'e2e', context: { cluster: 'e2e', user: 'admin' } }],
        'current-context': 'e2e',
      }),
    )
    const corefile = input('sync.Corefile', 'example.com {\n  k8s_gateway {\n    resources Ingress\n  }\n}\n')
    const token = input('token', api.token)
    const r = await runImage(
      image,
      process.execPath,
      ['sync', '--once', '--config', corefile, '--kubeconfig', kubeconfig, '--listen', '127.0.0.1:0', '--owner', 'image',
        '--account-id', api.accountId, '--namespace-id', api.namespaceId, '--kv-api-base', api.apiBase],
      { CLOUDFLARE_API_TOKEN_FILE: token },
    )
    expect(r.code, r.stderr).toBe(0)
    expect(api.store.get('v1/name/image/web.example.com')?.value).toBe('{"a":["192.0.2.20"]}')
  })
})
