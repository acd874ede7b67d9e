/**
 * A real control plane on loopback for e2e tests: etcd + kube-apiserver, built from Go
 * modules by test/e2e/build/build.sh. No controllers, no nodes, no kubelet: objects and
 * their status are written by the test itself (status through the /status subresource,
 * as a controller would). Namespaces are never finalized (no namespace controller), so
 * tests should use fresh namespace names rather than delete-and-recreate.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { binaryPath } from './bins.ts'
import { parseAllDocuments } from 'yaml'
import { Kube, type KubeObject } from './kube.ts'
import { assertAlive, freePort, makeTempDir, progress, startProcess, waitFor, type Proc } from './proc.ts'

export const CRD_DIR = fileURLToPath(new URL('../crds/', import.meta.url))

export interface StaticToken {
  token: string
  user: string
  uid?: string
  groups?: string[]
}

export interface ClusterOptions {
  /** Work dir for certs, data and logs (default: a fresh temp dir, removed at stop()). */
  dir?: string
  /** Extra static bearer tokens (e.g. a least-privilege agent identity; bind RBAC to `user`). */
  extraTokens?: StaticToken[]
  /** Extra kube-apiserver flags (`--name=value`), appended last. */
  apiServerArgs?: string[]
  /** Timeout for each start-up wait (default 120 s: the first start on 2 cores is slow). */
  startTimeoutMs?: number
}

export interface ApplyCrdsOptions {
  /** Gateway API channel (default 'experimental', a superset of 'standard'). */
  gatewayApiChannel?: 'standard' | 'experimental'
  /** Also install these CRD groups (default all: gateway-api, external-dns, nginx). */
  groups?: ('gateway-api' | 'external-dns' | 'nginx')[]
  /**
   * Also serve GRPCRoute as gateway.networking.k8s.io/v1alpha2 (default true), as
   * Gateway API v1.1 did: same schema, storage stays v1, no conversion needed. The
   * CoreDNS reference (k8s_gateway v0.4.0, the only version the module proxy serves)
   * lists GRPCRoute v1alpha2 and never reports synced (so answers SERVFAIL) without it.
   */
  grpcRouteV1alpha2?: boolean
}

export interface Cluster {
  /** https://127.0.0.1:PORT */
  server: string
  /** Admin bearer token (user "e2e-admin", group system:masters). */
  token: string
  /** PEM file of the CA that signed the API server's serving certificate. */
  caFile: string
  /** kubeconfig (server, CA, admin token) for clients such as CoreDNS's k8s_gateway. */
  kubeconfigPath: string
  /** http://127.0.0.1:PORT */
  etcdUrl: string
  dir: string
  /** Admin REST client. */
  kube: Kube
  /** Writes a kubeconfig for another identity (one of `extraTokens`) and returns its path. */
  kubeconfigFor(token: string, name?: string): string
  /** Installs the CRD fixtures from test/e2e/crds and waits until they are served. */
  applyCrds(opts?: ApplyCrdsOptions): Promise<string[]>
  /**
   * Stops kube-apiserver only (etcd keeps the data): for outage / watch-reconnect tests.
   * SIGTERM, then SIGKILL after `graceMs` (default 5 s; with open watches the graceful
   * shutdown can take longer than that); `graceMs: 0` kills at once, like a crash.
   */
  stopApiServer(opts?: { graceMs?: number }): Promise<void>
  /** Starts kube-apiserver again on the same port and waits for /readyz. */
  startApiServer(): Promise<void>
  /** stopApiServer(opts) + startApiServer(). */
  restartApiServer(opts?: { graceMs?: number }): Promise<void>
  /** Stops both processes and removes the temp dir (idempotent). */
  stop(): Promise<void>
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
}

/** CA, API server serving cert (SAN 127.0.0.1/localhost), service-account signing key: all P-256. */
function makeCerts(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  openssl(dir, 'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=k8s-gateway-doh-e2e-ca')
  openssl(dir, 'req', ...ec, '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver')
  writeFileSync(
    join(dir, 'apiserver.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc',
      '',
    ].join('\n'),
  )
  openssl(dir, 'x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'apiserver.crt', '-days', '2', '-extfile', 'apiserver.ext')
  openssl(dir, 'ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key')
  openssl(dir, 'ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub')
}

function kubeconfigYaml(server: string, caFile: string, token: string, user: string): string {
  // JSON is valid YAML; every kubeconfig loader accepts it.
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'e2e', cluster: { server, 'certificate-authority': caFile } }],
      users: [{ name: user, user: { token } }],
      contexts: [{ name: 'e2e', context: { cluster: 'e2e', user } }],
      'current-context': 'e2e',
      preferences: {},
    },
    null,
    2,
  )
}

const csvField = (s: string): string => `"${s.replaceAll('"', '""')}"`

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const t0 = Date.now()
  const timeoutMs = opts.startTimeoutMs ?? 120_000
  const etcdBin = binaryPath('etcd')
  const apiBin = binaryPath('kube-apiserver')
  const tmp = opts.dir ? undefined : makeTempDir('k8s-gateway-doh-e2e-')
  const dir = opts.dir ?? tmp!.dir
  progress(`cluster: work dir ${dir}`)

  makeCerts(dir)
  const token = randomBytes(24).toString('hex')
  const tokens: StaticToken[] = [{ token, user: 'e2e-admin', uid: 'e2e-admin', groups: ['system:masters'] }, ...(opts.extraTokens ?? [])]
  writeFileSync(
    join(dir, 'tokens.csv'),
    tokens.map((t) => [t.token, t.user, t.uid ?? t.user, csvField((t.groups ?? []).join(','))].join(',')).join('\n') + '\n',
    { mode: 0o600 },
  )

  const [etcdClientPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()]
  const etcdUrl = `http://127.0.0.1:${etcdClientPort}`
  const peerUrl = `http://127.0.0.1:${etcdPeerPort}`
  const server = `https://127.0.0.1:${apiPort}`
  const caFile = join(dir, 'ca.crt')

  // ---- etcd
  progress(`cluster: starting etcd on ${etcdUrl}`)
  const etcd = startProcess(
    'etcd',
    etcdBin,
    [
      '--name=e2e',
      `--data-dir=${join(dir, 'etcd-data')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=e2e=${peerUrl}`,
      '--initial-cluster-state=new',
      '--unsafe-no-fsync', // test data only: skip fsync, a large win on shared disks
      '--log-level=warn',
    ],
    join(dir, 'etcd.log'),
  )
  let api: Proc | undefined
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    progress('cluster: stopping')
    await api?.stop(2_000)
    await etcd.stop(5_000)
    tmp?.remove()
  }

  try {
    await waitFor(
      'etcd /health',
      async () => {
        assertAlive(etcd)
        const res = await fetch(`${etcdUrl}/health`)
        const body = (await res.json()) as { health?: string }
        return body.health === 'true' ? true : undefined
      },
      { timeoutMs, onTimeout: () => etcd.tail() },
    )
    progress(`cluster: etcd ready (${Date.now() - t0} ms)`)

    // ---- kube-apiserver
    const apiArgs = [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      `--tls-cert-file=${join(dir, 'apiserver.crt')}`,
      `--tls-private-key-file=${join(dir, 'apiserver.key')}`,
      `--client-ca-file=${caFile}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=Node,RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      // Nothing here runs controllers: no service-account token controller for the
      // ServiceAccount admission plugin to wait on, and no endpoints to reconcile for
      // the "kubernetes" Service (its only address would be loopback).
      '--disable-admission-plugins=ServiceAccount',
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      '--allow-privileged=true',
      ...(opts.apiServerArgs ?? []),
    ]
    const startApi = async (): Promise<void> => {
      const t1 = Date.now()
      progress(`cluster: starting kube-apiserver on ${server}`)
      api = startProcess('kube-apiserver', apiBin, apiArgs, join(dir, 'kube-apiserver.log'))
      const proc = api
      const probe = new Kube(server, token, caFile)
      await waitFor(
        'kube-apiserver /readyz',
        async () => {
          assertAlive(proc)
          const res = await probe.raw('GET', '/readyz', undefined, undefined, 5_000)
          return res.status === 200 ? true : undefined
        },
        { timeoutMs, intervalMs: 250, onTimeout: () => proc.tail() },
      )
      progress(`cluster: kube-apiserver ready (${Date.now() - t1} ms)`)
    }
    await startApi()

    const kube = new Kube(server, token, caFile)
    const kubeconfigFor = (tok: string, name = 'e2e-user'): string => {
      const p = join(dir, `kubeconfig-${name}.yaml`)
      writeFileSync(p, kubeconfigYaml(server, caFile, tok, name), { mode: 0o600 })
      return p
    }
    const kubeconfigPath = kubeconfigFor(token, 'e2e-admin')

    const stopApiServer = async ({ graceMs = 5_000 }: { graceMs?: number } = {}): Promise<void> => {
      progress(`cluster: stopping kube-apiserver (grace ${graceMs} ms)`)
      const t1 = Date.now()
      if (graceMs <= 0) api?.child.kill('SIGKILL')
      await api?.stop(graceMs)
      progress(`cluster: kube-apiserver stopped (${Date.now() - t1} ms)`)
    }
    const startApiServer = async (): Promise<void> => {
      if (api?.alive()) throw new Error('kube-apiserver is already running')
      await startApi()
    }

    progress(`cluster: up in ${Date.now() - t0} ms (${server}, kubeconfig ${kubeconfigPath})`)
    return {
      server,
      token,
      caFile,
      kubeconfigPath,
      etcdUrl,
      dir,
      kube,
      kubeconfigFor,
      applyCrds: (o) => applyCrds(kube, o),
      stopApiServer,
      startApiServer,
      restartApiServer: async (o) => {
        await stopApiServer(o)
        await startApiServer()
      },
      stop,
    }
  } catch (e) {
    await stop()
    throw e
  }
}

function crdFiles(opts: ApplyCrdsOptions): string[] {
  const channel = opts.gatewayApiChannel ?? 'experimental'
  const groups = opts.groups ?? ['gateway-api', 'external-dns', 'nginx']
  const files: string[] = []
  for (const g of groups) {
    const d = g === 'gateway-api' ? join(CRD_DIR, 'gateway-api', channel) : join(CRD_DIR, g)
    for (const f of readdirSync(d).sort()) if (f.endsWith('.yaml')) files.push(join(d, f))
  }
  return files
}

/** Adds `alias` as a served, non-storage copy of version `from` (identical schema, so `None` conversion is exact). */
function addServedVersion(crd: KubeObject, from: string, alias: string): void {
  const versions = (crd.spec as { versions: { name: string; served: boolean; storage: boolean; deprecated?: boolean }[] }).versions
  const base = versions.find((v) => v.name === from)
  if (!base || versions.some((v) => v.name === alias)) return
  versions.push({ ...structuredClone(base), name: alias, served: true, storage: false, deprecated: true })
}

/** Applies the CRD fixtures and waits until each is Established and its resources are served. */
export async function applyCrds(kube: Kube, opts: ApplyCrdsOptions = {}): Promise<string[]> {
  const t0 = Date.now()
  const crds: KubeObject[] = []
  for (const f of crdFiles(opts)) {
    for (const doc of parseAllDocuments(readFileSync(f, 'utf8'))) {
      const obj = doc.toJS() as KubeObject | null
      if (obj?.kind !== 'CustomResourceDefinition') continue
      if (obj.metadata.name === 'grpcroutes.gateway.networking.k8s.io' && opts.grpcRouteV1alpha2 !== false) addServedVersion(obj, 'v1', 'v1alpha2')
      crds.push(await kube.apply(obj))
    }
  }
  const names = crds.map((c) => c.metadata.name)
  for (const crd of crds) {
    const name = crd.metadata.name
    await waitFor(`CRD ${name} Established`, async () => {
      const got = await kube.get<{ status?: { conditions?: { type: string; status: string }[] } }>(
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      )
      return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined
    })
    // Established can precede discovery; wait until every served version lists the resource.
    const spec = crd.spec as { group: string; names: { plural: string }; versions: { name: string; served: boolean }[] }
    for (const v of spec.versions.filter((x) => x.served)) {
      await waitFor(`${spec.names.plural}.${spec.group}/${v.name} served`, async () => {
        const res = await kube.raw('GET', `/apis/${spec.group}/${v.name}`)
        if (res.status !== 200) return undefined
        const list = res.json<{ resources: { name: string }[] }>()
        return list.resources.some((r) => r.name === spec.names.plural) ? true : undefined
      })
    }
  }
  progress(`cluster: ${names.length} CRDs established (${Date.now() - t0} ms)`)
  return names
}
