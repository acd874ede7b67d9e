import type { Changes, Published } from '../plan/plan.ts'

/** What applying one plan cost: the KV operations it took. */
export interface ApplyStats {
  puts: number
  deletes: number
  requests: number
  retries: number
}

/**
 * Where the record set goes: Workers KV over its REST API, the local KV `npm start` serves,
 * or memory. One contract suite (test/sync-agent/publisher.case.ts) runs against them all.
 */
export interface Publisher {
  readonly name: string
  /** Every key this owner has published, with its content hash. */
  list(owner: string): Promise<Published>
  /** Writes the puts and deletes; on failure throws after retries, having lost nothing. */
  apply(changes: Changes): Promise<ApplyStats>
  close(): Promise<void>
}

export const noStats = (): ApplyStats => ({ puts: 0, deletes: 0, requests: 0, retries: 0 })
