/** Steering among owners (clusters): staleness, `all`, `nearest`, `failover`, as tables. */
import { describe, expect, it } from 'vitest'
import type { Heartbeat, OwnerMeta } from '../../src/core/recordset/schema.ts'
import { choose, DEFAULT_STEERING, distanceKm, placeOf, route, staleAfterMs, staleFor, type Place, type Route, type SteeringConfig } from '../../src/core/recordset/steering.ts'
import { SOA } from '../helpers/answer-world.ts'
import { check, STEER_NOW } from '../helpers/case.ts'
import { recordSet } from '../helpers/recordset.ts'

const NOW = Date.parse(STEER_NOW)
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString()

const FRANKFURT = { latitude: 50.11, longitude: 8.68 }
const SYDNEY = { latitude: -33.87, longitude: 151.21 }
const VIRGINIA = { latitude: 38.95, longitude: -77.45 }
const BERLIN: Place = { latitude: 52.52, longitude: 13.4, continent: 'EU', country: 'DE' }
const MELBOURNE: Place = { latitude: -37.81, longitude: 144.96, continent: 'OC', country: 'AU' }
const NEW_YORK: Place = { latitude: 40.71, longitude: -74.0, continent: 'NA', country: 'US' }

const beat = (extra: Partial<Heartbeat> = {}): Heartbeat => ({ at: ago(10), every: 60, ...extra })
function meta(owner: string, heartbeat?: Heartbeat): OwnerMeta {
  const { names: _n, ...m } = recordSet({}, { owner, ...(heartbeat ? { heartbeat } : {}) })
  return m
}
const config = (c: Partial<SteeringConfig> = {}): SteeringConfig => ({ ...DEFAULT_STEERING, ...c })

const eu = meta('eu', beat(FRANKFURT))
const ap = meta('ap', beat(SYDNEY))
const us = meta('us', beat(VIRGINIA))
const old = meta('old') // an agent from before heartbeats

describe('defaults', () => {
  it('steers by `all`, with no failover order and each owner’s own limit (README, "Steering")', () => {
    expect(DEFAULT_STEERING).toEqual({ policy: 'all', order: [], staleAfterMs: null })
  })
})

describe('staleness', () => {
  it.each([
    ['a fresh heartbeat', beat(), null, null],
    ['just inside 3 heartbeats + 60 s', beat({ at: ago(240), every: 60 }), null, null],
    ['past 3 heartbeats + 60 s', beat({ at: ago(241), every: 60 }), null, 241_000],
    ['past a configured limit', beat({ at: ago(31) }), 30_000, 31_000],
    ['inside a configured limit longer than its own', beat({ at: ago(600) }), 900_000, null],
    ['a clock ahead of ours', beat({ at: new Date(NOW + 3_600_000).toISOString() }), null, null],
  ])('%s', (_, heartbeat, configured, expected) => {
    expect(staleFor(meta('x', heartbeat), { staleAfterMs: configured }, NOW)).toBe(expected)
  })
  it('never calls an owner without a heartbeat stale, whatever the limit', () => {
    expect(staleFor(old, { staleAfterMs: 1 }, NOW)).toBeNull()
    expect(staleAfterMs(old, { staleAfterMs: null })).toBeNull()
  })
  it('defaults the limit to three of the owner’s own heartbeats plus KV propagation', () => {
    expect(staleAfterMs(meta('x', beat({ every: 600 })), { staleAfterMs: null })).toBe(1_860_000)
  })
})

describe('route and choose', () => {
  const stale = meta('stale', beat({ ...FRANKFURT, at: ago(3600) }))
  it.each<[string, OwnerMeta[], Place, Partial<SteeringConfig>, string[], string[]]>([
    // name, metas (OWNERS order), place, config, holders of the name, chosen
    ['all: every owner that has the name', [eu, ap, us], BERLIN, {}, ['eu', 'ap', 'us'], ['eu', 'ap', 'us']],
    ['all: a stale owner leaves when a live one has the name', [stale, ap], BERLIN, {}, ['stale', 'ap'], ['ap']],
    ['all: a stale owner alone with the name is kept', [stale, ap], BERLIN, {}, ['stale'], ['stale']],
    ['nearest: Berlin gets Frankfurt', [ap, us, eu], BERLIN, { policy: 'nearest' }, ['ap', 'us', 'eu'], ['eu']],
    ['nearest: Melbourne gets Sydney', [eu, us, ap], MELBOURNE, { policy: 'nearest' }, ['eu', 'us', 'ap'], ['ap']],
    ['nearest: New York gets Virginia', [eu, ap, us], NEW_YORK, { policy: 'nearest' }, ['eu', 'ap', 'us'], ['us']],
    ['nearest: the nearest that has the name', [eu, ap, us], BERLIN, { policy: 'nearest' }, ['ap', 'us'], ['us']],
    ['nearest: the nearest live one', [stale, ap, us], BERLIN, { policy: 'nearest' }, ['stale', 'ap', 'us'], ['us']],
    ['nearest: all stale, still the nearest', [stale, meta('ap2', beat({ ...SYDNEY, at: ago(3600) }))], BERLIN, { policy: 'nearest' }, ['stale', 'ap2'], ['stale']],
    ['nearest: no location in the query, every owner ties', [eu, ap, us], {}, { policy: 'nearest' }, ['eu', 'ap', 'us'], ['eu', 'ap', 'us']],
    ['nearest: an owner without a location ranks last', [old, ap], MELBOURNE, { policy: 'nearest' }, ['old', 'ap'], ['ap']],
    ['nearest: ... and answers when it alone has the name', [old, ap], MELBOURNE, { policy: 'nearest' }, ['old'], ['old']],
    ['nearest: two clusters in one city answer together', [eu, meta('eu2', beat({ latitude: 50.1101, longitude: 8.6801 }))], NEW_YORK, { policy: 'nearest' }, ['eu', 'eu2'], ['eu', 'eu2']],
    ['nearest: serving the country beats distance', [eu, meta('far', beat({ ...SYDNEY, serves: ['DE'] }))], BERLIN, { policy: 'nearest' }, ['eu', 'far'], ['far']],
    ['nearest: serving the continent beats distance', [eu, meta('far', beat({ ...SYDNEY, serves: ['EU'] }))], BERLIN, { policy: 'nearest' }, ['eu', 'far'], ['far']],
    ['nearest: the country beats the continent', [meta('cont', beat({ serves: ['EU'] })), meta('ctry', beat({ serves: ['DE'] }))], BERLIN, { policy: 'nearest' }, ['cont', 'ctry'], ['ctry']],
    ['nearest: a list without the place counts for nothing', [eu, meta('far', beat({ ...SYDNEY, serves: ['NA'] }))], BERLIN, { policy: 'nearest' }, ['eu', 'far'], ['eu']],
    ['failover: the first in order', [eu, ap, us], MELBOURNE, { policy: 'failover', order: ['us', 'eu', 'ap'] }, ['eu', 'ap', 'us'], ['us']],
    ['failover: the next when the first lacks the name', [eu, ap, us], MELBOURNE, { policy: 'failover', order: ['us', 'eu', 'ap'] }, ['eu', 'ap'], ['eu']],
    ['failover: the next when the first is stale', [stale, ap], BERLIN, { policy: 'failover', order: ['stale', 'ap'] }, ['stale', 'ap'], ['ap']],
    ['failover: all stale, the first in order', [stale, meta('s2', beat({ at: ago(3600) }))], BERLIN, { policy: 'failover', order: ['s2', 'stale'] }, ['stale', 's2'], ['s2']],
    ['failover: owners not in the order follow in OWNERS order', [eu, ap, us], BERLIN, { policy: 'failover', order: ['us'] }, ['eu', 'ap'], ['eu']],
    ['failover: no order is OWNERS order', [ap, eu], BERLIN, { policy: 'failover' }, ['ap', 'eu'], ['ap']],
    ['failover: an unknown owner in the order is skipped', [ap, eu], BERLIN, { policy: 'failover', order: ['gone', 'eu'] }, ['ap', 'eu'], ['eu']],
  ])('%s', (_, metas, place, c, holders, chosen) => {
    expect(choose(route(metas, place, config(c), NOW), holders)).toEqual(chosen)
  })

  it.each<[string, OwnerMeta[], Place, Partial<SteeringConfig>, string[][]]>([
    ['all: one group of every owner', [eu, ap, us], BERLIN, {}, [['eu', 'ap', 'us']]],
    ['nearest: one group per distance', [ap, us, eu], BERLIN, { policy: 'nearest' }, [['eu'], ['us'], ['ap']]],
    ['nearest: one group when the query has no location', [eu, ap, us], {}, { policy: 'nearest' }, [['eu', 'ap', 'us']]],
    ['nearest: a query with a latitude alone has no location', [eu, ap], { latitude: 52.52 }, { policy: 'nearest' }, [['eu', 'ap']]],
    ['nearest: a query with a longitude alone has no location', [eu, ap], { longitude: 13.4 }, { policy: 'nearest' }, [['eu', 'ap']]],
    ['nearest: an owner with a latitude alone has no location', [meta('half', beat({ latitude: 50.11 })), old], BERLIN, { policy: 'nearest' }, [['half', 'old']]],
    ['failover: unknown and repeated owners in the order count once or not at all', [eu, ap, us], BERLIN, { policy: 'failover', order: ['gone', 'us', 'us', 'eu'] }, [['us'], ['eu'], ['ap']]],
  ])('groups %s, each owner in exactly one', (_, metas, place, c, groups) => {
    expect(route(metas, place, config(c), NOW).groups).toEqual(groups)
  })

  it('gives equal keys exactly where the choice is the same', () => {
    const key = (place: Place, c: Partial<SteeringConfig> = { policy: 'nearest' }, metas = [eu, ap, us]) => route(metas, place, config(c), NOW).key
    expect(key(BERLIN)).toBe(key({ ...BERLIN, latitude: 48.14, longitude: 11.58 })) // Munich: the same ranking
    expect(key(BERLIN)).not.toBe(key(MELBOURNE))
    expect(key(BERLIN)).not.toBe(key(BERLIN, { policy: 'all' }))
    expect(key(BERLIN, { policy: 'all' })).toBe(key(MELBOURNE, { policy: 'all' })) // `all` does not depend on the place
    expect(key(BERLIN, { policy: 'all' })).not.toBe(key(BERLIN, { policy: 'all' }, [eu, ap, meta('us', beat({ at: ago(3600) }))])) // nor on liveness
    expect(key(BERLIN, { policy: 'failover', order: ['eu', 'ap'] })).not.toBe(key(BERLIN, { policy: 'failover', order: ['ap', 'eu'] }))
  })

  // Owner ids may run together ("a" and "b", "ab"): the key must still tell the routes apart.
  const plain = (owner: string, extra: Partial<Heartbeat> = {}) => meta(owner, beat(extra))
  const staleBeat = { at: ago(3600) }
  it.each<[string, () => Route, () => Route, string[]]>([
    [
      'failover orders',
      () => route([plain('a'), plain('bc'), plain('ab'), plain('c')], {}, config({ policy: 'failover', order: ['a', 'bc', 'ab', 'c'] }), NOW),
      () => route([plain('a'), plain('bc'), plain('ab'), plain('c')], {}, config({ policy: 'failover', order: ['ab', 'c', 'a', 'bc'] }), NOW),
      ['a', 'ab'],
    ],
    [
      'nearest groups',
      () => route([plain('a', { serves: ['DE'] }), plain('b', { serves: ['DE'] }), plain('ab', { serves: ['FR'] }), plain('c')], { country: 'DE' }, config({ policy: 'nearest' }), NOW),
      () => route([plain('a', { serves: ['DE'] }), plain('b', { serves: ['DE'] }), plain('ab', { serves: ['FR'] }), plain('c')], { country: 'FR' }, config({ policy: 'nearest' }), NOW),
      ['a', 'ab'],
    ],
    [
      'stale owners',
      () => route([plain('a', staleBeat), plain('b', staleBeat), plain('ab')], {}, config(), NOW),
      () => route([plain('a'), plain('b'), plain('ab', staleBeat)], {}, config(), NOW),
      ['a', 'ab'],
    ],
  ])('keys differ for %s that differ, whatever the owner ids', (_, one, other, holders) => {
    expect(choose(one(), holders)).not.toEqual(choose(other(), holders))
    expect(one().key).not.toBe(other().key)
  })
})

describe('steered answers (the DNS view)', () => {
  const sets = [
    recordSet({ 'app.example.com': { a: ['192.0.2.1'] }, 'eu.example.com': { a: ['192.0.2.9'] }, 'x.deep.example.com': { a: ['192.0.2.7'] } }, { owner: 'eu', heartbeat: beat(FRANKFURT) }),
    recordSet({ 'app.example.com': { a: ['198.51.100.1'] }, 'deep.example.com': { a: ['198.51.100.7'] } }, { owner: 'ap', heartbeat: beat(SYDNEY) }),
  ]
  const nearest = (place: Place) => ({ place, config: { policy: 'nearest' as const } })
  it('answers the shared name from the nearest owner only', () => {
    check(sets, { qname: 'app.example.com', qtype: 'A', steer: nearest(BERLIN), answer: ['app.example.com. 60 IN A 192.0.2.1'] })
    check(sets, { qname: 'app.example.com', qtype: 'A', steer: nearest(MELBOURNE), answer: ['app.example.com. 60 IN A 198.51.100.1'] })
  })
  it('answers a name only the far owner has from the far owner', () => {
    check(sets, { qname: 'eu.example.com', qtype: 'A', steer: nearest(MELBOURNE), answer: ['eu.example.com. 60 IN A 192.0.2.9'] })
  })
  it('does not let an empty non-terminal marker of the nearest owner hide the far owner’s records', () => {
    // eu has deep.example.com only as the empty non-terminal above x.deep.example.com
    check(sets, { qname: 'deep.example.com', qtype: 'A', steer: nearest(BERLIN), answer: ['deep.example.com. 60 IN A 198.51.100.7'] })
  })
  it('keeps an empty non-terminal every owner marks: the name exists, with no data', () => {
    const both = sets.map((s) => ({ ...s, names: { ...s.names, 'a.mid.example.com': { a: ['192.0.2.8'] } } }))
    check(both, { qname: 'mid.example.com', qtype: 'A', steer: nearest(BERLIN), ns: [SOA] })
  })
  it('drops a stale owner’s addresses under `all`, and keeps them when it alone is left', () => {
    const staleEu = [recordSet({ 'app.example.com': { a: ['192.0.2.1'] } }, { owner: 'eu', heartbeat: beat({ at: ago(3600) }) }), sets[1]!]
    check(staleEu, { qname: 'app.example.com', qtype: 'A', steer: {}, answer: ['app.example.com. 60 IN A 198.51.100.1'] })
    check(staleEu, { qname: 'app.example.com', qtype: 'A', answer: ['app.example.com. 60 IN A 192.0.2.1', 'app.example.com. 60 IN A 198.51.100.1'] }) // unsteered: today's merge
    const allStale = staleEu.map((s) => ({ ...s, heartbeat: beat({ at: ago(3600) }) }))
    check(allStale, { qname: 'app.example.com', qtype: 'A', steer: {}, answer: ['app.example.com. 60 IN A 192.0.2.1', 'app.example.com. 60 IN A 198.51.100.1'] })
  })
})

describe('placeOf (request.cf)', () => {
  it.each<[string, unknown, Place]>([
    ['Cloudflare’s strings', { latitude: '52.52000', longitude: '13.40500', continent: 'EU', country: 'DE', colo: 'FRA' }, { latitude: 52.52, longitude: 13.405, continent: 'EU', country: 'DE' }],
    ['no cf (wrangler dev, a test)', undefined, {}],
    ['half a location', { latitude: '52.5' }, {}],
    ['an empty latitude', { latitude: '', longitude: '13' }, {}],
    ['coordinates out of range', { latitude: '91', longitude: '0' }, {}],
    ['not numbers', { latitude: '1e3', longitude: 'east' }, {}],
    ['Tor and lower case codes', { country: 'T1', continent: 'eu' }, {}],
    ['three-letter codes', { country: 'DEU', continent: 'EUR' }, {}],
    ['codes in lists', { country: ['DE'], continent: ['EU'] }, {}],
    ['null', null, {}],
    ['numbers', { latitude: 52.52, longitude: 13.405 }, { latitude: 52.52, longitude: 13.405 }],
    ['signed strings', { latitude: '-33.87', longitude: '+151.21' }, { latitude: -33.87, longitude: 151.21 }],
    ['whole degrees', { latitude: '52', longitude: '13' }, { latitude: 52, longitude: 13 }],
    ['white space around the digits', { latitude: ' 52.52', longitude: '13.405 ' }, { latitude: 52.52, longitude: 13.405 }],
    ['the poles and the antimeridian', { latitude: '-90', longitude: '180' }, { latitude: -90, longitude: 180 }],
    ['a longitude out of range', { latitude: '0', longitude: '180.5' }, {}],
    ['an exponent alone', { latitude: '1e1', longitude: '10' }, {}],
    ['hex alone', { latitude: '10', longitude: '0x10' }, {}],
    ['booleans and null', { latitude: true, longitude: null }, {}],
  ])('%s', (_, cf, place) => {
    expect(placeOf(cf)).toEqual(place)
  })
})

describe('distanceKm', () => {
  it.each([
    [FRANKFURT, SYDNEY, 16_500],
    [FRANKFURT, VIRGINIA, 6_500],
    [FRANKFURT, FRANKFURT, 0],
  ])('%j to %j is about %d km', (a, b, km) => {
    expect(Math.abs(distanceKm(a.latitude, a.longitude, b.latitude, b.longitude) - km)).toBeLessThan(150)
  })
})
