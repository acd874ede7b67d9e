/**
 * DNS table cases in the style of CoreDNS's test.Case: a question and the expected rcode and
 * sections as zone-file text, checked through the pure lookup + answer pipeline.
 */
import { expect } from 'vitest'
import { answer } from '../../src/core/dns/answer.ts'
import { candidateNames } from '../../src/core/dns/candidates.ts'
import { lookup } from '../../src/core/dns/lookup.ts'
import type { Outcome } from '../../src/core/dns/answer.ts'
import type { Rcode } from '../../src/core/dns/types.ts'
import { question } from '../../src/core/dns/types.ts'
import { kvEntries, metaKey, nameKey } from '../../src/core/recordset/keys.ts'
import type { NameRecords, OwnerMeta, RecordSet } from '../../src/core/recordset/schema.ts'
import { mergeOwners } from '../../src/core/recordset/view.ts'
import { DEFAULT_STEERING, route, type Place, type SteeringConfig } from '../../src/core/recordset/steering.ts'
import { rrText } from './rr.ts'

export interface Case {
  qname: string
  qtype: string
  qclass?: string
  rcode?: Rcode
  answer?: string[]
  ns?: string[]
  extra?: string[]
  /** The AA flag; by default set on every reply but REFUSED. */
  aa?: boolean
  /** Expect the query to be relayed to this upstream instead of answered. */
  forward?: string
  /** Steer among the owners (steering.ts) as a query from `place` at `now` would be. */
  steer?: Steer
}

export interface Steer {
  place?: Place
  config?: Partial<SteeringConfig>
  /** ISO time; default the test's fixed now. */
  now?: string
}

export const STEER_NOW = '2026-12-01T12:00:00Z'

/**
 * Answers a question the way the worker does: only the candidate names are "loaded", from the
 * KV entries of each owner's record set, so these tests also prove the key layout suffices.
 */
export function ask(sets: RecordSet[], qname: string, qtype: string, qclass = 'IN', steer?: Steer): Outcome {
  const asked = question(qname, qtype, qclass)
  const names = candidateNames(asked.folded)
  const metas: OwnerMeta[] = []
  const owned: Map<string, NameRecords>[] = []
  for (const set of sets) {
    const kv = kvEntries(set)
    metas.push(JSON.parse(kv.get(metaKey(set.owner))!) as OwnerMeta)
    const found = new Map<string, NameRecords>()
    for (const name of names) {
      const value = kv.get(nameKey(set.owner, name))
      if (value) found.set(name, JSON.parse(value) as NameRecords)
    }
    owned.push(found)
  }
  const steered = steer && route(metas, steer.place ?? {}, { ...DEFAULT_STEERING, ...steer.config }, Date.parse(steer.now ?? STEER_NOW))
  const view = mergeOwners(metas, owned, steered || undefined)
  return answer(asked, lookup(asked, view), view)
}

const sorted = (list: string[]): string[] => [...list].sort()

export function check(sets: RecordSet | RecordSet[], c: Case): void {
  const outcome = ask(Array.isArray(sets) ? sets : [sets], c.qname, c.qtype, c.qclass, c.steer)
  const label = `${c.qname} ${c.qtype}`
  if (c.forward) {
    expect(outcome.kind === 'forward' && outcome.forward.upstreams, label).toEqual([c.forward])
    return
  }
  expect(outcome.kind, label).toBe('reply')
  if (outcome.kind !== 'reply') return
  const r = outcome.reply
  expect(r.rcode, label).toBe(c.rcode ?? 'NOERROR')
  // What we answer from our zones is authoritative (RFC 1035 §4.1.1 AA); a refusal is not.
  expect(r.aa, `${label} AA`).toBe(c.aa ?? r.rcode !== 'REFUSED')
  expect([r.ra, r.ad, r.tc], `${label} RA AD TC`).toEqual([false, false, false])
  expect(sorted(r.answers.map(rrText)), `${label} answer`).toEqual(sorted(c.answer ?? []))
  expect(sorted(r.authorities.map(rrText)), `${label} authority`).toEqual(sorted(c.ns ?? []))
  expect(sorted(r.additionals.map(rrText)), `${label} additional`).toEqual(sorted(c.extra ?? []))
}
