/**
 * `agent sync`: the in-cluster program. Watches the kinds the Corefile names, publishes only
 * what changed, serves /healthz /readyz /metrics, and (with several replicas) publishes only
 * while it holds the Lease. `--once` lists, publishes once and exits.
 */
import { hostname } from 'node:os'
import { CoordinationV1Api, type KubeConfig } from '@kubernetes/client-node'
import { startAgent } from '../agent.ts'
import { ConfigError } from '../config/errors.ts'
import { loadConfig, ownerProblem } from '../config/k8s-gateway.ts'
import { parseNamespacePolicy } from '../config/namespace-policy.ts'
import type { AgentConfig } from '../config/types.ts'
import { startOpsServer, parseListen, type HealthStatus } from '../ops/health.ts'
import { opsPage } from '../ops/ops-page.ts'
import { AGENT_VERSION } from '../version.ts'
import { leaseApiFrom } from '../ops/lease-client.ts'
import { runLeaderElection } from '../ops/leader.ts'
import { createLogger, type Logger, parseLevel } from '../ops/log.ts'
import { AgentMetrics } from '../ops/metrics.ts'
import { WriteBudget } from '../plan/budget.ts'
import { DEFAULT_HEARTBEAT_SECONDS, type HeartbeatOptions, MAX_HEARTBEAT_SECONDS, MIN_HEARTBEAT_SECONDS, parseLocation, parseServes, type Site, siteProblem } from '../plan/heartbeat.ts'
import { openPublisher } from '../publish/open.ts'
import type { Publisher } from '../publish/publisher.ts'
import { kubeClient } from '../watch/kube-client.ts'
import { loadKubeConfig, NoClusterError } from '../watch/kubeconfig.ts'
import { type Command, EXIT, parseFlags } from './command.ts'
import { startReloader } from './reload.ts'

const USAGE = `Usage: agent sync --config <Corefile> [options]

Watches the cluster and publishes the k8s_gateway record set to Workers KV. An edited
Corefile (a file change, or SIGHUP) is applied without a restart; an invalid one is reported
and the running config kept.

Options:
  --config, -c        Corefile with a k8s_gateway block (required)
  --owner             owner id (a cluster name): the agent writes and deletes only its own keys (default "default")
  --publisher         kv-rest | local-kv | dry-run (default kv-rest)
  --account-id        Cloudflare account id (or CLOUDFLARE_ACCOUNT_ID)
  --namespace-id      Workers KV namespace id (or KV_NAMESPACE_ID)
  --kv-api-base       KV REST API base URL (default https://api.cloudflare.com/client/v4)
  --persist-to        local-kv state directory, as npm start uses (default .wrangler/state)
  --kubeconfig        kubeconfig file (overrides the Corefile's kubeconfig; default: in-cluster, else ~/.kube/config)
  --context           kubeconfig context
  --listen            address for /healthz /readyz /metrics (default 127.0.0.1:8080; 0.0.0.0:8080 in a pod)
  --log-level         debug | info | warn | error (default info)
  --leader-election   true | false: publish only while holding a Lease (default true in a cluster, false outside)
  --lease-namespace   namespace of the Lease (default POD_NAMESPACE, else default)
  --lease-name        name of the Lease (default k8s-gateway-doh-<owner>)
  --identity          this replica's name in the Lease and the meta's stamp (default POD_NAME, else the host name)
  --cluster-id        this cluster's identity in the meta's stamp (default: the kube-system namespace UID)
  --resync            seconds between full reconciles against KV (default 300)
  --allow-namespace NS=NAME[,NAME...]
                      repeatable; with any, a namespace publishes only these names and their subdomains (default: any namespace, any name)
  --heartbeat         seconds between heartbeats: the meta is renewed this often, so the worker can tell a
                      cluster that went dark (default ${DEFAULT_HEARTBEAT_SECONDS}: 144 KV writes a day; ${MIN_HEARTBEAT_SECONDS} to ${MAX_HEARTBEAT_SECONDS}; 0: off)
  --region            this cluster's region, shown on the worker's page (default: the topology.kubernetes.io/region
                      label of the agent's node, NODE_NAME, when it may read it)
  --location LAT,LON  where the cluster is, in degrees: the worker's STEERING=nearest measures from here
  --serves CODES      comma list of continent (EU, NA, AS, OC, SA, AF, AN) or country codes (DE, US) this
                      cluster serves best: STEERING=nearest ranks it first for queries from there
  --endpoint-health   watch EndpointSlices: a Service annotated k8s-gateway-doh/health: endpoints publishes its
                      addresses only while it has a ready endpoint (needs list/watch on endpointslices)
  --max-kv-writes-per-day N
                      hold changes beyond N KV writes + deletes a day, most important first (default: no limit; the free plan allows 1000)
  --once              list every kind, publish once and exit (0 published; 1 publish failed or a kind could not be listed)
  --help, -h          show this help

The API token comes from CLOUDFLARE_API_TOKEN or the file CLOUDFLARE_API_TOKEN_FILE names (read
again for every request, so a rotated Secret is used without a restart).
`

export const syncCommand: Command = {
  summary: 'watch the cluster and publish the record set to Workers KV',
  usage: USAGE,
  async run(args, io) {
    const values = parseFlags(
      'sync',
      args,
      {
        config: { type: 'string', short: 'c' },
        owner: { type: 'string', default: 'default' },
        publisher: { type: 'string', default: 'kv-rest' },
        'account-id': { type: 'string' },
        'namespace-id': { type: 'string' },
        'kv-api-base': { type: 'string' },
        'persist-to': { type: 'string', default: '.wrangler/state' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        listen: { type: 'string', default: '127.0.0.1:8080' },
        'log-level': { type: 'string', default: 'info' },
        'leader-election': { type: 'string' },
        'lease-namespace': { type: 'string' },
        'lease-name': { type: 'string' },
        identity: { type: 'string' },
        'cluster-id': { type: 'string' },
        resync: { type: 'string', default: '300' },
        'max-kv-writes-per-day': { type: 'string' },
        heartbeat: { type: 'string', default: String(DEFAULT_HEARTBEAT_SECONDS) },
        region: { type: 'string' },
        location: { type: 'string' },
        serves: { type: 'string' },
        'allow-namespace': { type: 'string', multiple: true },
        'endpoint-health': { type: 'boolean' },
        once: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      USAGE,
      io,
    )
    if (typeof values === 'number') return values
    const usage = (message: string): number => {
      io.stderr(`agent sync: ${message}\n`)
      return EXIT.usage
    }
    if (!values.config) return usage('--config is required')
    const owner = String(values.owner)
    const ownerIssue = ownerProblem(owner)
    if (ownerIssue) return usage(ownerIssue)
    let level
    try {
      level = parseLevel(String(values['log-level']))
    } catch (err) {
      return usage((err as Error).message)
    }
    const resyncSeconds = Number(values.resync)
    if (!Number.isFinite(resyncSeconds) || resyncSeconds < 10) return usage('--resync must be a number of seconds, at least 10')
    const perDay = values['max-kv-writes-per-day'] === undefined ? undefined : Number(values['max-kv-writes-per-day'])
    if (perDay !== undefined && !(Number.isInteger(perDay) && perDay >= 1)) return usage('--max-kv-writes-per-day must be a whole number, at least 1')
    const heartbeatSeconds = Number(values.heartbeat)
    if (!(heartbeatSeconds === 0 || (Number.isInteger(heartbeatSeconds) && heartbeatSeconds >= MIN_HEARTBEAT_SECONDS && heartbeatSeconds <= MAX_HEARTBEAT_SECONDS))) {
      return usage(`--heartbeat must be 0 (off) or whole seconds from ${MIN_HEARTBEAT_SECONDS} to ${MAX_HEARTBEAT_SECONDS}`)
    }
    const site: Site = {}
    if (values.location !== undefined) {
      const location = parseLocation(String(values.location))
      if ('error' in location) return usage(location.error)
      Object.assign(site, location)
    }
    if (values.serves !== undefined) {
      const serves = parseServes(String(values.serves))
      if ('error' in serves) return usage(serves.error)
      site.serves = serves
    }
    if (values.region !== undefined) site.region = String(values.region)
    const siteIssue = heartbeatSeconds ? siteProblem({ every: heartbeatSeconds, site }) : null
    if (siteIssue) return usage(`--region/--location/--serves: ${siteIssue}`)
    let listen
    try {
      listen = parseListen(String(values.listen))
    } catch (err) {
      return usage((err as Error).message)
    }
    const log = createLogger({ level })

    const policy = parseNamespacePolicy(values['allow-namespace'] ?? [])
    if ('error' in policy) return usage(policy.error)
    const configPath = String(values.config)
    // At start and on every reload: the Corefile, plus what only flags set.
    const readConfig = async () => {
      const parsed = await loadConfig(configPath)
      return { config: { ...parsed.config, owner, namespaces: policy.policy, endpointHealth: values['endpoint-health'] === true }, warnings: parsed.warnings }
    }
    let config: AgentConfig
    try {
      const read = await readConfig()
      for (const w of read.warnings) log.warn(w, { component: 'config' })
      config = read.config
    } catch (err) {
      if (err instanceof ConfigError) return usage(err.message)
      throw err
    }

    let kc: KubeConfig
    let inCluster: boolean
    try {
      ;({ kc, inCluster } = loadKubeConfig(config, {
        kubeconfig: values.kubeconfig as string | undefined,
        context: values.context as string | undefined,
      }))
    } catch (err) {
      return usage(err instanceof NoClusterError ? err.message : `kubeconfig: ${(err as Error).message}`)
    }

    let publisher: Publisher
    try {
      publisher = await openPublisher(values, log, io.stdout)
    } catch (err) {
      return usage((err as Error).message)
    }

    const holder = String(values.identity ?? process.env.POD_NAME ?? hostname())
    const cluster = (values['cluster-id'] as string | undefined) ?? (await clusterUid(kc, log))
    const identity = cluster ? { cluster, holder } : undefined
    if (heartbeatSeconds && site.region === undefined) {
      const region = await nodeRegion(kc, process.env.NODE_NAME, log)
      if (region) site.region = region
    }
    const heartbeat: HeartbeatOptions | undefined = heartbeatSeconds ? { every: heartbeatSeconds, site } : undefined

    const metrics = new AgentMetrics({ processMetrics: true })
    const budget = perDay === undefined ? undefined : new WriteBudget(perDay)
    const agent = startAgent({ config, kc, publisher, log, metrics, resyncMs: resyncSeconds * 1000, budget, identity, heartbeat })
    const page = (health: HealthStatus): string => opsPage({ health, owner, configPath, version: AGENT_VERSION })
    const ops = await startOpsServer({ ...listen, metrics, health: () => agent.health(), page })
    const reloader = startReloader({
      path: configPath,
      read: readConfig,
      apply: (next) => agent.reconfigure(next),
      problem: (message) => agent.configProblem(message),
      log: log.child({ component: 'config' }),
      metrics,
      initial: config,
    })
    log.info('agent started', {
      owner,
      zones: config.zones,
      resources: config.resources,
      publisher: publisher.name,
      server: kc.getCurrentCluster()?.server,
      ops: `http://${ops.host}:${ops.port}`,
    })

    const shutdown = new AbortController()
    const useLease = values['leader-election'] === undefined ? inCluster && !values.once : values['leader-election'] === 'true'
    let election: Promise<void> = Promise.resolve()
    if (useLease) {
      election = runLeaderElection({
        api: leaseApiFrom(kc.makeApiClient(CoordinationV1Api)),
        namespace: String(values['lease-namespace'] ?? process.env.POD_NAMESPACE ?? 'default'),
        name: String(values['lease-name'] ?? `k8s-gateway-doh-${owner}`),
        identity: holder,
        onStartedLeading: () => agent.setLeader(true),
        onStoppedLeading: () => agent.setLeader(false),
        log: log.child({ component: 'leader' }),
        signal: shutdown.signal,
      })
    } else {
      await agent.setLeader(true)
    }

    const stop = async (): Promise<void> => {
      reloader.stop()
      shutdown.abort()
      await election
      await agent.stop()
      await ops.close()
      await publisher.close()
    }

    if (values.once) {
      const outcome = await agent.firstOutcome
      // Publishing went on without the kinds that failed (deleting nothing), but a run that
      // could not see part of the cluster did not do its job.
      const unlisted = agent.snapshot.status().filter((k) => !k.known)
      await stop()
      if (unlisted.length > 0) {
        io.stderr(`agent sync: --once: could not list ${unlisted.map((k) => `${k.kind} (${k.error ?? k.state})`).join(', ')}\n`)
        return EXIT.failure
      }
      return outcome === 'published' ? EXIT.ok : EXIT.failure
    }

    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        // The agent owns these signals. Miniflare (loaded by --publisher local-kv) answers them
        // with process.exit(), which would cut the stop below, and the lease release, short;
        // stop() disposes it through publisher.close() instead.
        process.removeAllListeners(signal)
        process.once(signal, () => resolve())
      }
    })
    log.info('shutting down', {})
    await stop()
    return EXIT.ok
  },
}

/**
 * The kube-system namespace UID, which names the cluster in the meta's stamp; null (with a
 * warning) when it cannot be read in a few seconds, and then another cluster publishing under
 * the same owner id goes undetected.
 */
async function clusterUid(kc: KubeConfig, log: Logger): Promise<string | null> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), 5_000).unref())
  try {
    return await Promise.race([kubeClient(kc).namespaceUid('kube-system'), timeout])
  } catch (err) {
    log.warn('cannot read the kube-system namespace UID: set --cluster-id to detect another cluster publishing under this owner', { error: (err as Error).message })
    return null
  }
}

/** The node label every cloud provider sets for a node's region (Kubernetes well-known labels). */
const REGION_LABEL = 'topology.kubernetes.io/region'

/**
 * The region of the node the agent runs on (NODE_NAME, from the downward API), for the page.
 * Optional all the way: no NODE_NAME, no RBAC to get nodes, no label, or a value the worker
 * would not show, and the heartbeat goes without a region (logged at debug, not warned).
 */
async function nodeRegion(kc: KubeConfig, node: string | undefined, log: Logger): Promise<string | null> {
  if (!node) return null
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), 5_000).unref())
  try {
    const region = (await Promise.race([kubeClient(kc).nodeLabels(node), timeout]))[REGION_LABEL]
    if (!region || siteProblem({ every: DEFAULT_HEARTBEAT_SECONDS, site: { region } })) return null
    return region
  } catch (err) {
    log.debug(`no region from node ${node}: pass --region to show one`, { error: (err as Error).message })
    return null
  }
}
