/**
 * The contract every Publisher keeps, run against each implementation (hono's runTest style):
 * what apply writes, list returns with its hash, scoped to the owner; the plan converges.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { kvEntries } from '../../src/core/recordset/keys.ts'
import { applied, plan } from '../../sync-agent/plan/plan.ts'
import type { Publisher } from '../../sync-agent/publish/publisher.ts'
import { recordSet } from '../helpers/recordset.ts'

export interface PublisherCase {
  name: string
  open(): Promise<{ publisher: Publisher; read(key: string): Promise<string | null>; cleanup(): Promise<void> }>
}

export function runPublisherContract(c: PublisherCase): void {
  describe(`Publisher contract: ${c.name}`, () => {
    let opened: Awaited<ReturnType<PublisherCase['open']>>
    beforeEach(async () => {
      opened = await c.open()
    })
    afterEach(async () => {
      await opened.publisher.close()
      await opened.cleanup()
    })

    it('lists nothing before the first publish', async () => {
      expect((await opened.publisher.list('default')).size).toBe(0)
    })

    it('writes what the plan puts and lists it back with its hash', async () => {
      const desired = kvEntries(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }))
      const changes = plan(desired, new Map(), 'default')
      await opened.publisher.apply(changes)
      expect(await opened.publisher.list('default')).toEqual(applied(new Map(), changes))
      for (const [key, value] of desired) expect(await opened.read(key)).toBe(value)
      expect(plan(desired, await opened.publisher.list('default'), 'default')).toEqual({ puts: [], deletes: [] })
    })

    it('deletes what vanished and keeps other owners apart', async () => {
      const east = kvEntries(recordSet({ 'a.example.com': { a: ['192.0.2.1'] }, 'b.example.com': { a: ['192.0.2.2'] } }, { owner: 'east' }))
      const west = kvEntries(recordSet({ 'a.example.com': { a: ['198.51.100.1'] } }, { owner: 'west' }))
      await opened.publisher.apply(plan(east, new Map(), 'east'))
      await opened.publisher.apply(plan(west, new Map(), 'west'))
      const next = kvEntries(recordSet({ 'a.example.com': { a: ['192.0.2.1'] } }, { owner: 'east' }))
      const changes = plan(next, await opened.publisher.list('east'), 'east')
      expect(changes.deletes).toEqual(['v1/name/east/b.example.com'])
      expect(changes.puts).toEqual([])
      await opened.publisher.apply(changes)
      expect([...(await opened.publisher.list('east')).keys()].sort()).toEqual([...next.keys()].sort())
      expect([...(await opened.publisher.list('west')).keys()].sort()).toEqual([...west.keys()].sort())
      expect(await opened.read('v1/name/west/a.example.com')).toBe(west.get('v1/name/west/a.example.com'))
    })

    it('reads back who stamped the meta, and nothing before or without a stamp', async () => {
      expect(await opened.publisher.readStamp('default')).toBeNull()
      await opened.publisher.apply(plan(kvEntries(recordSet({})), new Map(), 'default'))
      expect(await opened.publisher.readStamp('default')).toBeNull()
      const publisher = { cluster: 'uid-1', holder: 'agent-0', at: '2026-12-01T10:00:00.000Z' }
      await opened.publisher.apply(plan(kvEntries({ ...recordSet({}), publisher }), await opened.publisher.list('default'), 'default'))
      expect(await opened.publisher.readStamp('default')).toEqual(publisher)
    })

    it('does not list another owner whose id starts with this one', async () => {
      await opened.publisher.apply(plan(kvEntries(recordSet({}, { owner: 'east-2' })), new Map(), 'east-2'))
      expect((await opened.publisher.list('east')).size).toBe(0)
    })
  })
}
