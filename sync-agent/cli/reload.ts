/**
 * Applies an edited Corefile without a restart: when the file changes (a ConfigMap volume
 * updates in place) or on SIGHUP. A valid new configuration is handed to the running agent;
 * an invalid one keeps the running configuration and is reported in the log, the metric
 * `config_reloads_total{result="error"}` and the /readyz detail until a good one arrives.
 * The cluster connection (`kubeconfig`) is not reloaded: that needs a restart.
 */
import type { AgentConfig } from '../config/types.ts'
import { watchFile } from '../ops/file-watch.ts'
import type { Logger } from '../ops/log.ts'
import type { AgentMetrics } from '../ops/metrics.ts'

export interface ReloadDeps {
  path: string
  /** Reads and checks the file (throws ConfigError naming the line), as at start. */
  read: () => Promise<{ config: AgentConfig; warnings: string[] }>
  apply: (config: AgentConfig) => Promise<void>
  problem: (message: string | null) => void
  log: Logger
  metrics: AgentMetrics
  initial: AgentConfig
}

export interface Reloader {
  /** Reads the file again now (what SIGHUP and a file change do). */
  reload(): Promise<void>
  stop(): void
}

export function startReloader(deps: ReloadDeps): Reloader {
  let current = JSON.stringify(deps.initial)
  let queue = Promise.resolve()

  async function once(): Promise<void> {
    let next: { config: AgentConfig; warnings: string[] }
    try {
      next = await deps.read()
    } catch (err) {
      const message = (err as Error).message
      deps.log.error('config reload failed; keeping the running config', { error: message })
      deps.metrics.configReload('error')
      deps.problem(message)
      return
    }
    deps.problem(null)
    if (JSON.stringify(next.config) === current) return deps.metrics.configReload('unchanged')
    for (const w of next.warnings) deps.log.warn(w, { component: 'config' })
    current = JSON.stringify(next.config)
    await deps.apply(next.config)
    deps.metrics.configReload('applied')
    deps.log.info('config reloaded', { zones: next.config.zones, resources: next.config.resources })
  }

  // One reload at a time, in order: a burst of edits ends with the last one applied.
  const reload = (): Promise<void> => (queue = queue.then(once))
  const onHup = (): void => void reload()
  process.on('SIGHUP', onHup)
  const unwatch = watchFile(deps.path, onHup)
  return {
    reload,
    stop() {
      process.off('SIGHUP', onHup)
      unwatch()
    },
  }
}
