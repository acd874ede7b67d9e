/** An owner's meta as the page and /healthz see it, and the reasons /healthz gives. */
import { describe, expect, it } from 'vitest'
import { ownerMeta } from '../../src/core/recordset/keys.ts'
import { healthProblems, ownerState } from '../../src/page/owner-status.ts'
import { age } from '../../src/page/status-view.ts'
import { recordSet } from '../helpers/recordset.ts'

const meta = ownerMeta(recordSet({}))

describe('ownerState', () => {
  it('tells published, missing and invalid apart', () => {
    expect(ownerState('a', 'v1/meta/a', JSON.stringify(meta))).toEqual({ owner: 'a', state: 'published', meta })
    expect(ownerState('a', 'v1/meta/a', null)).toEqual({ owner: 'a', state: 'missing', key: 'v1/meta/a' })
    expect(ownerState('a', 'v1/meta/a', '{')).toEqual({ owner: 'a', state: 'invalid', key: 'v1/meta/a', error: 'not JSON' })
    expect(ownerState('a', 'v1/meta/a', JSON.stringify({ ...meta, version: 4 }))).toMatchObject({ state: 'invalid', error: 'record-set version 4 is not one of 1, 2, 3' })
  })
  it('gives a reason per unhealthy owner and none for published ones', () => {
    const states = [ownerState('a', 'v1/meta/a', JSON.stringify(meta)), ownerState('b', 'v1/meta/b', null), ownerState('c', 'v1/meta/c', '[]')]
    expect(healthProblems(states)).toEqual([
      'owner b: no meta at v1/meta/b (has its agent published yet?)',
      'owner c: v1/meta/c is invalid: not an object',
    ])
    expect(healthProblems(states.slice(0, 1))).toEqual([])
  })
})

describe('age', () => {
  const now = Date.parse('2026-12-01T10:00:00Z')
  it.each([
    ['2026-12-01T09:59:30Z', '30 s ago'],
    ['2026-12-01T09:55:00Z', '5 min ago'],
    ['2026-12-01T07:00:00Z', '3 h ago'],
    ['2026-11-28T10:00:00Z', '3 d ago'],
    ['2026-12-01T10:05:00Z', '2026-12-01T10:05:00Z'], // ahead of our clock: as written
  ])('%s is %s', (iso, text) => {
    expect(age(iso, now)).toBe(text)
  })
})
