/**
 * A deploy touching 500 objects: 500 watch events within a quarter second, through the real
 * coalescer and controller, into an in-memory KV. Counts the publishes and keys written.
 */
import { parseConfig } from '../sync-agent/config/k8s-gateway.ts'
import { Controller } from '../sync-agent/controller.ts'
import { MemoryPublisher } from '../sync-agent/publish/memory.ts'
import { Coalescer, defaultCoalesce } from '../sync-agent/coalescer.ts'
import { Snapshot } from '../sync-agent/watch/snapshot.ts'
import { ingress, ingresses } from './fixtures.ts'
import { table } from './stats.ts'

export async function burst(objects = 10_000, changed = 500, spreadMs = 250): Promise<void> {
  const { config } = parseConfig('example.com {\n  k8s_gateway {\n    resources Ingress\n  }\n}\n', 'bench')
  const snapshot = new Snapshot(['Ingress'])
  snapshot.replace('Ingress', ingresses(objects))
  const kv = new MemoryPublisher()
  let publishes = 0
  let puts = 0
  const controller = new Controller({
    config,
    snapshot,
    publisher: kv,
    isLeader: () => true,
    events: { warning() {}, published: (r) => ((publishes += 1), (puts += r.puts)), failed() {} },
  })
  await controller.runOnce()
  publishes = 0
  puts = 0
  const coalescer = new Coalescer(() => controller.runOnce().then(() => {}), defaultCoalesce)
  const started = Date.now()
  for (let i = 0; i < changed; i++) {
    snapshot.upsert('Ingress', ingress(i, 1))
    coalescer.poke()
    if (i % 10 === 9) await new Promise((r) => setTimeout(r, (spreadMs * 10) / changed))
  }
  while (puts < changed) await new Promise((r) => setTimeout(r, 20))
  const settledMs = Date.now() - started
  await coalescer.stop()
  table(
    `A burst: ${changed} objects changed within ${spreadMs} ms (of ${objects.toLocaleString('en')})`,
    ['events', 'publishes', 'keys written', 'all served after (ms)'],
    [[changed, publishes, puts, settledMs]],
  )
}
