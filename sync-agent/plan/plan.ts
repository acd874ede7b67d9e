/**
 * The plan: desired KV entries against what this owner has published -> the changes to make
 * (external-dns's Plan.Calculate, without its side effects). Pure.
 *
 *   desired \ published | absent      | same hash  | other hash
 *   --------------------+-------------+------------+-----------
 *   present             | put         | nothing    | put
 *   absent              | -           | delete     | delete
 *
 * Only keys under the owner's own prefixes are ever deleted: another owner's data is never
 * touched, even if it shows up in `published`.
 */
import { isMetaKey, ownsKey } from '../../src/core/recordset/keys.ts'
import { contentHash } from './hash.ts'

/** Key -> content hash, as the publisher lists it (the hash rides in KV metadata). */
export type Published = ReadonlyMap<string, string>

export interface Put {
  key: string
  value: string
  hash: string
}

export interface Changes {
  puts: Put[]
  deletes: string[]
}

export function plan(desired: ReadonlyMap<string, string>, published: Published, owner: string): Changes {
  return planHashed(hashed(desired), published, owner)
}

/** Desired entries with their content hashes, computed once (the agent keeps them between runs). */
export function hashed(desired: ReadonlyMap<string, string>): Map<string, Put> {
  const out = new Map<string, Put>()
  for (const [key, value] of desired) out.set(key, { key, value, hash: contentHash(value) })
  return out
}

export function planHashed(desired: ReadonlyMap<string, Put>, published: Published, owner: string): Changes {
  const owns = (key: string): boolean => ownsKey(owner, key)
  const puts: Put[] = []
  for (const [key, put] of desired) {
    if (!owns(key)) throw new Error(`refusing to write ${key}: not under owner "${owner}"`)
    if (published.get(key) !== put.hash) puts.push(put)
  }
  const deletes = [...published.keys()].filter((key) => owns(key) && !desired.has(key)).sort()
  // Names before the meta: a worker that sees the new meta finds the names it points at.
  // Stryker disable next-line EqualityOperator: the keys come from one Map, so no two puts are equal and `<=` sorts as `<`
  puts.sort((a, b) => Number(isMetaKey(a.key)) - Number(isMetaKey(b.key)) || (a.key < b.key ? -1 : 1))
  return { puts, deletes }
}

export function hasChanges(changes: Changes): boolean {
  return changes.puts.length > 0 || changes.deletes.length > 0
}

/** The published state after `changes` land: what the next plan diffs against. */
export function applied(published: Published, changes: Changes): Map<string, string> {
  const next = new Map(published)
  for (const put of changes.puts) next.set(put.key, put.hash)
  for (const key of changes.deletes) next.delete(key)
  return next
}
