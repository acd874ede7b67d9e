/**
 * The desired KV entries for a snapshot, kept between runs: a resync, a leader change or a
 * poke with nothing new finds the same snapshot version and configuration and reuses the last
 * render, its entries and their hashes, so only the diff against KV is computed again (at 100k
 * objects, seconds become a fraction of one: README "Measured").
 * Anything that changes the snapshot bumps its version and renders again, though objects that
 * did not change keep what they gave (RenderMemo) and values that did not change their hash.
 */
import { kvEntries } from '../../src/core/recordset/keys.ts'
import type { Heartbeat, PublisherStamp } from '../../src/core/recordset/schema.ts'
import type { AgentConfig } from '../config/types.ts'
import { render, RenderMemo, type RenderResult } from '../render/render.ts'
import type { Snapshot } from '../watch/snapshot.ts'
import { contentHash } from './hash.ts'
import type { Put } from './plan.ts'

export class DesiredState {
  private rendered: { version: number; config: AgentConfig; result: RenderResult } | null = null
  private entries: { result: RenderResult; stamp: string; entries: Map<string, Put> } | null = null
  /** And when something did change, objects that did not are not worked out again. */
  private readonly memo = new RenderMemo()

  /** `agentVersion`: goes into the meta's status (what the worker's page shows) with the stamp. */
  constructor(private readonly agentVersion?: string) {}

  render(snapshot: Snapshot, config: AgentConfig): RenderResult {
    const last = this.rendered
    if (last && last.version === snapshot.version && last.config === config) return last.result
    const result = render(snapshot.objects(), config, this.memo)
    this.rendered = { version: snapshot.version, config, result }
    return result
  }

  /** The entries of a render, the meta stamped with `stamp` and `heartbeat` when given, with their hashes. */
  entriesOf(result: RenderResult, stamp: PublisherStamp | undefined, heartbeat?: Heartbeat): Map<string, Put> {
    const key = JSON.stringify([stamp ?? null, heartbeat ?? null])
    const last = this.entries
    if (last && last.result === result && last.stamp === key) return last.entries
    // The page's status rides with the stamp and its time, so it costs no write of its own:
    // the stamp is renewed hourly, and a change of the name count rewrites the meta anyway.
    const status = stamp && this.agentVersion ? { publishedAt: stamp.at, agentVersion: this.agentVersion, names: Object.keys(result.recordSet.names).length } : undefined
    const stamped = stamp ? { ...result.recordSet, publisher: stamp, ...(status ? { status } : {}) } : result.recordSet
    const set = heartbeat ? { ...stamped, heartbeat } : stamped
    // A value equal to the last one keeps its hash: after one change, one value is hashed.
    const before = last?.entries
    const entries = new Map<string, Put>()
    for (const [key, value] of kvEntries(set)) {
      const old = before?.get(key)
      entries.set(key, old && old.value === value ? old : { key, value, hash: contentHash(value) })
    }
    this.entries = { result, stamp: key, entries }
    return entries
  }
}
