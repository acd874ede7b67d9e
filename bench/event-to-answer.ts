/**
 * Time from a watch event to the new answer being served by the local worker: the event lands
 * in the snapshot, the coalescer schedules the controller, which renders, plans and writes the
 * local KV; we poll the worker (isolate cache off) until it answers the new address.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseConfig } from '../sync-agent/config/k8s-gateway.ts'
import { Controller } from '../sync-agent/controller.ts'
import { openLocalKv } from '../sync-agent/publish/local-kv.ts'
import { Coalescer, defaultCoalesce } from '../sync-agent/coalescer.ts'
import { Snapshot } from '../sync-agent/watch/snapshot.ts'
import { freePort, startLocalWorker } from '../scripts/wrangler-dev.ts'
import { ingress, ingresses } from './fixtures.ts'
import { fmt, percentile, table } from './stats.ts'

export async function eventToAnswer(changes = 30, objects = 1000): Promise<void> {
  const { config } = parseConfig('example.com {\n  k8s_gateway {\n    resources Ingress\n  }\n}\n', 'bench')
  const dir = await mkdtemp(join(tmpdir(), 'k8sgw-bench-'))
  const publisher = await openLocalKv({ configPath: 'wrangler.toml', persistTo: dir })
  const snapshot = new Snapshot(['Ingress'])
  snapshot.replace('Ingress', ingresses(objects))
  const controller = new Controller({ config, snapshot, publisher, isLeader: () => true, events: { warning() {}, published() {}, failed() {} } })
  await controller.runOnce()
  const coalescer = new Coalescer(() => controller.runOnce().then(() => {}), defaultCoalesce)
  const port = await freePort()
  const worker = startLocalWorker({ port, persistTo: dir, vars: { OWNERS: 'default', CACHE_SECONDS: '0' } })
  try {
    await worker.ready
    const times: number[] = []
    for (let n = 1; n <= changes; n++) {
      const i = n * 13
      const changed = ingress(i, n)
      const expected = (changed.status as { loadBalancer: { ingress: { ip: string }[] } }).loadBalancer.ingress[0]!.ip
      // Space changes past the coalescer's minimum interval, as a lone change would arrive.
      await new Promise((r) => setTimeout(r, defaultCoalesce.minIntervalMs))
      const start = performance.now()
      snapshot.upsert('Ingress', changed)
      coalescer.poke()
      for (;;) {
        const res = await fetch(`http://127.0.0.1:${port}/resolve?name=app${i}.example.com&type=A`)
        const body = (await res.json()) as { Answer?: { data: string }[] }
        if (body.Answer?.some((a) => a.data === expected)) break
        await new Promise((r) => setTimeout(r, 5))
      }
      times.push(performance.now() - start)
    }
    times.sort((a, b) => a - b)
    table(
      `Watch event to new answer from the local worker (${objects.toLocaleString('en')} objects, ${changes} lone changes, ms)`,
      ['p50', 'p99', 'max', 'of which coalescer quiet time'],
      [[fmt(percentile(times, 50), 0), fmt(percentile(times, 99), 0), fmt(times.at(-1)!, 0), defaultCoalesce.quietMs]],
    )
  } finally {
    await coalescer.stop()
    worker.child.kill('SIGTERM')
    await worker.exited
    await publisher.close()
    await rm(dir, { recursive: true, force: true })
  }
}
