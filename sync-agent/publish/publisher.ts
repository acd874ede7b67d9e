import { isMetaKey } from '../../src/core/recordset/keys.ts'
import type { PublisherStamp } from '../../src/core/recordset/schema.ts'
import { checkOwnerMeta } from '../../src/core/recordset/validate.ts'
import type { Changes, Published, Put } from '../plan/plan.ts'

/** What applying one plan cost: the KV operations it took. */
export interface ApplyStats {
  /** Keys written and deleted, as the API confirmed them. */
  puts: number
  deletes: number
  requests: number
  /** Requests retried (429, 5xx, timeouts, bulk requests some keys of which failed). */
  retries: number
  /** Keys a bulk request reported as `unsuccessful_keys`, each sent again. */
  unsuccessfulKeys: number
}

/** A publish that failed after its retries; `stats` says what it cost and confirmed. */
export class PublishError extends Error {
  constructor(
    message: string,
    readonly stats: ApplyStats,
  ) {
    super(message)
  }
}

/**
 * Where the record set goes: Workers KV over its REST API, the local KV `npm start` serves,
 * or memory. One contract suite (test/sync-agent/publisher.case.ts) runs against them all.
 */
export interface Publisher {
  readonly name: string
  /** Every key this owner has published, with its content hash. */
  list(owner: string): Promise<Published>
  /** Who wrote this owner's meta (one KV read), or null: none, or written without a stamp. */
  readStamp(owner: string): Promise<PublisherStamp | null>
  /**
   * Writes the puts and deletes, in `writeOrder`; on failure throws after retries, having lost
   * nothing (the caller lists KV again instead of trusting what it planned against).
   */
  apply(changes: Changes): Promise<ApplyStats>
  close(): Promise<void>
}

export const noStats = (): ApplyStats => ({ puts: 0, deletes: 0, requests: 0, retries: 0, unsuccessfulKeys: 0 })

/**
 * Names first, then deletes, then the owner's meta key. The meta is what makes a worker serve
 * an owner's zones (new zone, SOA, glue), so it lands only after every name of the plan has:
 * a publish cut short never announces a zone whose names are not there yet, and the next run
 * (which lists KV again) finds the meta still to write.
 */
export function writeOrder(changes: Changes): { names: Put[]; deletes: string[]; meta: Put[] } {
  return {
    names: changes.puts.filter((p) => !isMetaKey(p.key)),
    deletes: changes.deletes,
    meta: changes.puts.filter((p) => isMetaKey(p.key)),
  }
}

/** The stamp in a meta value as read from KV; an unreadable value has none. */
export function stampOf(metaValue: string | null): PublisherStamp | null {
  if (metaValue === null) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(metaValue)
  } catch {
    return null
  }
  const checked = checkOwnerMeta(parsed)
  return checked.ok ? (checked.value.publisher ?? null) : null
}
