import { describe, expect, it } from 'vitest'
import { ownerMeta } from '../../src/core/recordset/keys.ts'
import { checkNameRecords, checkOwnerMeta } from '../../src/core/recordset/validate.ts'
import { recordSet } from '../helpers/recordset.ts'

describe('record validation', () => {
  it('accepts what the agent writes', () => {
    expect(checkNameRecords({ a: ['192.0.2.1'], aaaa: ['2001:db8::1'], txt: ['x'] })).toEqual({
      ok: true,
      value: { a: ['192.0.2.1'], aaaa: ['2001:db8::1'], txt: ['x'] },
    })
    expect(checkNameRecords({})).toEqual({ ok: true, value: {} })
    expect(checkNameRecords({ cname: 'lb.example.net' })).toEqual({ ok: true, value: { cname: 'lb.example.net' } })
    expect(checkOwnerMeta(JSON.parse(JSON.stringify(ownerMeta(recordSet({})))))).toMatchObject({ ok: true })
  })
  it.each([
    [{ a: ['300.1.1.1'] }, 'a: not a list of IPv4 addresses'],
    [{ a: '192.0.2.1' }, 'a: not a list of IPv4 addresses'],
    [{ aaaa: ['2001:DB8::1'] }, 'aaaa: not a list of canonical IPv6 addresses'],
    [{ txt: [1] }, 'txt: not a list of strings'],
    [{ cname: 'bad name!' }, 'cname: not a host name'],
    [{ cname: 5 }, 'cname: not a host name'],
    [{ cname: ['lb.example.net'] }, 'cname: not a host name'],
    [null, 'not an object'],
  ])('rejects name records %j', (value, error) => {
    expect(checkNameRecords(value)).toEqual({ ok: false, error })
  })
  it('rejects a record set of another version, naming both versions', () => {
    const meta = { ...ownerMeta(recordSet({})), version: 4 }
    expect(checkOwnerMeta(meta)).toEqual({ ok: false, error: 'record-set version 4 is not one of 1, 2, 3' })
  })
  it('still reads a version 2 meta, as agents before the typed records wrote it', () => {
    const v2 = { ...ownerMeta(recordSet({})), version: 2 as const }
    expect(checkOwnerMeta(v2)).toEqual({ ok: true, value: v2 })
  })
  it('still reads a version 1 meta, as older agents wrote it (none of the fields 2 added)', () => {
    const { forward: _f, serverBlock: _s, publisher: _p, status: _st, ...v1 } = { ...ownerMeta(recordSet({})), version: 1 as const }
    expect(checkOwnerMeta(v1)).toEqual({ ok: true, value: v1 })
  })
  it('rejects a bad zone and a bad upstream', () => {
    const meta = ownerMeta(recordSet({}))
    expect(checkOwnerMeta({ ...meta, zones: [{ ...meta.zones[0], ttl: -1 }] })).toMatchObject({ ok: false })
    expect(checkOwnerMeta({ ...meta, upstream: 'ftp://x' })).toMatchObject({ ok: false, error: 'upstream: expected null or an http(s) URL' })
  })
  it.each([
    ['no fallthrough', null],
    ['fallthrough in every zone', { zones: [] }],
    ['fallthrough in the zones listed', { zones: ['example.com', 'dev.example.com'] }],
  ])('accepts %s', (_, fallthrough) => {
    const meta = { ...ownerMeta(recordSet({})), fallthrough }
    expect(checkOwnerMeta(meta)).toEqual({ ok: true, value: meta })
  })
  it.each([
    ['no upstream', null],
    ['an https upstream', 'https://dns.example/dns-query'],
    ['an http upstream', 'http://127.0.0.1:8053/dns-query'],
  ])('accepts %s', (_, upstream) => {
    const meta = { ...ownerMeta(recordSet({})), upstream }
    expect(checkOwnerMeta(meta)).toEqual({ ok: true, value: meta })
  })
  it.each([
    ['a number', 5],
    ['a list', ['https://dns.example/dns-query']],
    ['a URL with https further in', 'dns.example/?to=https://dns.example/'],
  ])('rejects an upstream that is %s', (_, upstream) => {
    expect(checkOwnerMeta({ ...ownerMeta(recordSet({})), upstream })).toEqual({ ok: false, error: 'upstream: expected null or an http(s) URL' })
  })
  it.each([
    ['the root', ['']],
    ['zones and the root', ['example.com', '']],
  ])('accepts a server block of %s', (_, serverBlock) => {
    const meta = { ...ownerMeta(recordSet({})), serverBlock }
    expect(checkOwnerMeta(meta)).toEqual({ ok: true, value: meta })
  })
  it('accepts a meta with or without the publisher stamp, and rejects a malformed one', () => {
    const meta = ownerMeta(recordSet({}))
    const publisher = { cluster: 'uid-1', holder: 'agent-0', at: '2026-12-01T10:00:00.000Z' }
    expect(checkOwnerMeta({ ...meta, publisher })).toEqual({ ok: true, value: { ...meta, publisher } })
    expect(checkOwnerMeta(meta)).toMatchObject({ ok: true })
    expect(checkOwnerMeta({ ...meta, publisher: { cluster: 'uid-1' } })).toEqual({ ok: false, error: 'publisher: expected { cluster, holder, at } strings' })
  })
})

/**
 * A zone's meta is checked field by field: a worker that trusted a bad TTL, SOA timer or name
 * server would put it on the wire. Zero is a legal TTL and timer (RFC 2181 §8), 2^32 is not.
 */
describe('zone meta validation', () => {
  const meta = ownerMeta(recordSet({}))
  const zone = meta.zones[0]!
  const ns = zone.ns[0]!
  const withZone = (changes: Record<string, unknown>) => ({ ...meta, zones: [{ ...zone, ...changes }] })
  const soa = (changes: Record<string, unknown>) => withZone({ soa: { ...zone.soa, ...changes } })
  const server = (changes: Record<string, unknown>) => withZone({ ns: [{ ...ns, ...changes }] })

  it.each([
    ['ttl 0', withZone({ ttl: 0 })],
    ['ttl 2^32-1', withZone({ ttl: 0xffffffff })],
    ['serial 0', withZone({ serial: 0 })],
    ['soa timers 0', soa({ refresh: 0, retry: 0, expire: 0, minimum: 0 })],
    ['no name servers', withZone({ ns: [] })],
    ['a name server without addresses', server({ a: [], aaaa: [] })],
  ])('accepts %s', (_, value) => {
    expect(checkOwnerMeta(value)).toEqual({ ok: true, value })
  })

  it.each([
    ['a zone that is not an object', { ...meta, zones: [null] }, 'zone: missing name'],
    ['a zone without a name', withZone({ zone: 5 }), 'zone: missing name'],
    ['ttl -1', withZone({ ttl: -1 }), 'zone example.com: ttl/serial not unsigned integers'],
    ['ttl 1.5', withZone({ ttl: 1.5 }), 'zone example.com: ttl/serial not unsigned integers'],
    ['ttl 2^32', withZone({ ttl: 2 ** 32 }), 'zone example.com: ttl/serial not unsigned integers'],
    ['ttl "60"', withZone({ ttl: '60' }), 'zone example.com: ttl/serial not unsigned integers'],
    ['serial -1', withZone({ serial: -1 }), 'zone example.com: ttl/serial not unsigned integers'],
    ['no hostmaster', withZone({ hostmaster: 7 }), 'zone example.com: hostmaster missing'],
    ['no soa', withZone({ soa: undefined }), 'zone example.com: bad soa timers'],
    ['soa a list', withZone({ soa: [1, 2, 3, 4] }), 'zone example.com: bad soa timers'],
    ['refresh -1', soa({ refresh: -1 }), 'zone example.com: bad soa timers'],
    ['retry "1"', soa({ retry: '1' }), 'zone example.com: bad soa timers'],
    ['expire 1.5', soa({ expire: 1.5 }), 'zone example.com: bad soa timers'],
    ['minimum missing', soa({ minimum: undefined }), 'zone example.com: bad soa timers'],
    ['ns missing', withZone({ ns: undefined }), 'zone example.com: ns missing'],
    ['ns an object', withZone({ ns: { name: 'x' } }), 'zone example.com: ns missing'],
    ['a name server null', withZone({ ns: [ns, null] }), 'zone example.com: bad name server'],
    ['a name server without a name', server({ name: 5 }), 'zone example.com: bad name server'],
    ['a name server without a', server({ a: undefined }), 'zone example.com: bad name server'],
    ['a name server without aaaa', server({ aaaa: undefined }), 'zone example.com: bad name server'],
    ['a name server with a bad IPv4', server({ a: ['192.0.2.300'] }), 'zone example.com: bad name server'],
    ['a name server with a bad IPv6', server({ aaaa: ['2001:db8::g'] }), 'zone example.com: bad name server'],
    ['a name server with an IPv6 as a', server({ a: ['2001:db8::1'] }), 'zone example.com: bad name server'],
  ])('rejects %s', (_, value, error) => {
    expect(checkOwnerMeta(value)).toEqual({ ok: false, error })
  })
})

/** `forward` is how the worker relays: each bound is CoreDNS's own (forward plugin). */
describe('forward validation', () => {
  const meta = ownerMeta(recordSet({}))
  const good = { upstreams: ['https://a.test/dns-query'], policy: 'random', maxFails: 2, healthCheck: 0.5 }
  const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://u${i}.test/dns-query`)
  const FORWARD_ERROR = 'forward: expected { upstreams: URL[], policy, maxFails, healthCheck }'

  it.each([
    ['random', good],
    ['round_robin, http', { ...good, policy: 'round_robin', upstreams: ['http://a.test/dns-query'] }],
    ['sequential', { ...good, policy: 'sequential' }],
    ['15 upstreams', { ...good, upstreams: urls(15) }],
    ['maxFails 0 and healthCheck 0', { ...good, maxFails: 0, healthCheck: 0 }],
    ['maxFails 100 and healthCheck 3600', { ...good, maxFails: 100, healthCheck: 3600 }],
  ])('accepts %s', (_, forward) => {
    expect(checkOwnerMeta({ ...meta, forward })).toEqual({ ok: true, value: { ...meta, forward } })
  })

  it.each([
    ['null', null],
    ['a list', [good]],
    ['no upstreams', { ...good, upstreams: [] }],
    ['16 upstreams', { ...good, upstreams: urls(16) }],
    ['an upstream that is not a URL', { ...good, upstreams: ['a.test'] }],
    ['an upstream with https further in', { ...good, upstreams: ['a.test/?to=https://a.test/'] }],
    ['upstreams not a list', { ...good, upstreams: 'https://a.test/dns-query' }],
    ['policy "first"', { ...good, policy: 'first' }],
    ['maxFails 101', { ...good, maxFails: 101 }],
    ['maxFails -1', { ...good, maxFails: -1 }],
    ['maxFails 1.5', { ...good, maxFails: 1.5 }],
    ['healthCheck -1', { ...good, healthCheck: -1 }],
    ['healthCheck 3601', { ...good, healthCheck: 3601 }],
    ['healthCheck "1"', { ...good, healthCheck: '1' }],
  ])('rejects %s', (_, forward) => {
    expect(checkOwnerMeta({ ...meta, forward })).toEqual({ ok: false, error: FORWARD_ERROR })
  })

  it.each([
    ['not an object', 'x', 'not an object'],
    ['no owner', { ...meta, owner: 3 }, 'owner missing'],
    ['no zones', { ...meta, zones: 'example.com' }, 'zones missing'],
    ['a bad fallthrough', { ...meta, fallthrough: { zones: 'x' } }, 'fallthrough: expected null or { zones: string[] }'],
    ['fallthrough zones that are not names', { ...meta, fallthrough: { zones: [1] } }, 'fallthrough: expected null or { zones: string[] }'],
    ['fallthrough a list', { ...meta, fallthrough: ['example.com'] }, 'fallthrough: expected null or { zones: string[] }'],
    ['a bad server block', { ...meta, serverBlock: ['a..b'] }, 'serverBlock: expected a list of zone names'],
  ])('rejects a meta with %s', (_, value, error) => {
    expect(checkOwnerMeta(value)).toEqual({ ok: false, error })
  })
})

describe('owner meta status (optional, display only)', () => {
  const meta = ownerMeta(recordSet({}))
  const status = { publishedAt: '2026-12-01T10:00:00Z', agentVersion: '0.1.0', names: 12 }
  it('accepts a meta without status, as older agents write it', () => {
    expect(checkOwnerMeta(meta)).toEqual({ ok: true, value: meta })
  })
  it.each([
    ['in UTC', status],
    ['with an offset east', { ...status, publishedAt: '2026-12-01T11:00:00+01:00' }],
    ['with an offset west and fractions', { ...status, publishedAt: '2026-12-01T04:30:00.5-05:30' }],
  ])('keeps a good status, its time %s', (_, good) => {
    expect(checkOwnerMeta({ ...meta, status: good })).toEqual({ ok: true, value: { ...meta, status: good } })
  })
  it.each([
    { ...status, publishedAt: 'yesterday' },
    { ...status, publishedAt: 'on 2026-12-01T10:00:00Z' },
    { ...status, publishedAt: '2026-12-01T10:00:00Z, roughly' },
    { ...status, publishedAt: '2026-12-01T10:00:00+1:00' },
    { ...status, agentVersion: '' },
    { ...status, agentVersion: 'x'.repeat(65) },
    { ...status, agentVersion: '<script>' + ' ' },
    { ...status, names: -1 },
    { ...status, names: 1.5 },
    { ...status, publishedAt: ['2026-12-01T10:00:00Z'] },
    { ...status, agentVersion: ['0.1.0'] },
    'ok',
    null,
  ])('drops a bad status %j with a note and keeps the meta', (bad) => {
    expect(checkOwnerMeta({ ...meta, status: bad })).toEqual({
      ok: true,
      value: meta,
      notes: ['status: expected { publishedAt, agentVersion, names }; ignored'],
    })
  })
})

describe('owner meta heartbeat (optional; steering reads it)', () => {
  const meta = ownerMeta(recordSet({}))
  const heartbeat = { at: '2026-12-01T10:00:00Z', every: 600, region: 'eu-central-1', latitude: 50.1, longitude: 8.7, serves: ['EU', 'DE'] }
  it('keeps a good heartbeat, and one with the time alone', () => {
    expect(checkOwnerMeta({ ...meta, heartbeat })).toEqual({ ok: true, value: { ...meta, heartbeat } })
    const bare = { at: '2026-12-01T10:00:00.123Z', every: 1 }
    expect(checkOwnerMeta({ ...meta, heartbeat: bare })).toEqual({ ok: true, value: { ...meta, heartbeat: bare } })
  })
  it.each([
    ['the longest interval, a day', { ...heartbeat, every: 86_400 }],
    ['the poles and the antimeridian', { ...heartbeat, latitude: -90, longitude: 180 }],
    ['300 places served', { ...heartbeat, serves: Array(300).fill('EU') }],
  ])('keeps a heartbeat at the bounds: %s', (_, good) => {
    expect(checkOwnerMeta({ ...meta, heartbeat: good })).toEqual({ ok: true, value: { ...meta, heartbeat: good } })
  })
  it('reads a version 2 meta with no heartbeat', () => {
    expect(checkOwnerMeta({ ...meta, version: 2 })).toEqual({ ok: true, value: { ...meta, version: 2 } })
  })
  it.each([
    [{ ...heartbeat, at: 'now' }, 'at: not an RFC 3339 time'],
    [{ ...heartbeat, at: '2026-13-45T10:00:00Z' }, 'at: not an RFC 3339 time'],
    [{ ...heartbeat, at: '2026-12-01 10:00:00Z' }, 'at: not an RFC 3339 time'],
    [{ ...heartbeat, at: ['2026-12-01T10:00:00Z'] }, 'at: not an RFC 3339 time'],
    [{ ...heartbeat, every: 0 }, 'every: not a whole number of seconds from 1 to 86400'],
    [{ ...heartbeat, every: 86_401 }, 'every: not a whole number of seconds from 1 to 86400'],
    [{ ...heartbeat, every: 1.5 }, 'every: not a whole number of seconds from 1 to 86400'],
    [{ ...heartbeat, region: '' }, 'region: not a short printable name'],
    [{ ...heartbeat, region: 'a b' }, 'region: not a short printable name'],
    [{ ...heartbeat, region: 12345 }, 'region: not a short printable name'],
    [{ ...heartbeat, longitude: undefined }, 'latitude and longitude go together'],
    [{ ...heartbeat, latitude: 90.5 }, 'latitude/longitude: not degrees in range'],
    [{ ...heartbeat, longitude: -181 }, 'latitude/longitude: not degrees in range'],
    [{ ...heartbeat, latitude: '50' }, 'latitude/longitude: not degrees in range'],
    [{ ...heartbeat, serves: ['eu'] }, 'serves: not a list of two-letter continent or country codes'],
    [{ ...heartbeat, serves: ['EUR'] }, 'serves: not a list of two-letter continent or country codes'],
    [{ ...heartbeat, serves: 'EU' }, 'serves: not a list of two-letter continent or country codes'],
    [{ ...heartbeat, serves: Array(301).fill('EU') }, 'serves: not a list of two-letter continent or country codes'],
    ['soon', 'not an object'],
  ])('drops a bad heartbeat %j with a note and keeps the meta', (bad, problem) => {
    expect(checkOwnerMeta({ ...meta, heartbeat: JSON.parse(JSON.stringify(bad)) })).toEqual({ ok: true, value: meta, notes: [`heartbeat: ${problem}; ignored`] })
  })
  it('drops a bad status and a bad heartbeat together, with a note each', () => {
    const checked = checkOwnerMeta({ ...meta, status: 'x', heartbeat: 'y' })
    expect(checked).toEqual({ ok: true, value: meta, notes: ['status: expected { publishedAt, agentVersion, names }; ignored', 'heartbeat: not an object; ignored'] })
  })
})

/**
 * The fields version 3 added (MX, SRV, CAA, PTR, TTL): each checked with the rules the agent
 * renders by (record-data.ts). A bad one is left out with a note; the name's other records stay.
 */
describe('typed record validation', () => {
  const base = { a: ['192.0.2.1'] }
  const good = {
    mx: [{ preference: 10, exchange: 'mail.example.com' }, { preference: 0, exchange: '' }],
    srv: [{ priority: 1, weight: 5, port: 5060, target: 'sip.example.com' }],
    caa: [{ flags: 0, tag: 'issue', value: 'letsencrypt.org' }],
    ptr: ['web.example.com'],
    ttl: 120,
  }
  it('accepts what the agent writes, a null MX and the largest TTL included', () => {
    expect(checkNameRecords({ ...base, ...good })).toEqual({ ok: true, value: { ...base, ...good } })
    expect(checkNameRecords({ ttl: 2147483647, ptr: ['a.example.com'] })).toEqual({ ok: true, value: { ttl: 2147483647, ptr: ['a.example.com'] } })
    expect(checkNameRecords({ ttl: 0 })).toEqual({ ok: true, value: { ttl: 0 } })
  })
  it.each([
    ['mx not a list', { mx: { preference: 1, exchange: 'm.example.com' } }, 'mx: not a list; ignored'],
    ['mx preference 65536', { mx: [{ preference: 65536, exchange: 'm.example.com' }] }, 'mx: preference 65536 is not in 0-65535; ignored'],
    ['mx preference "1"', { mx: [{ preference: '1', exchange: 'm.example.com' }] }, 'mx: not { preference, exchange }; ignored'],
    ['mx exchange a wildcard', { mx: [{ preference: 1, exchange: '*.example.com' }] }, 'mx: exchange "*.example.com": a wildcard cannot be a target; ignored'],
    ['srv port -1', { srv: [{ priority: 1, weight: 1, port: -1, target: 's.example.com' }] }, 'srv: port -1 is not in 0-65535; ignored'],
    ['srv weight 1.5', { srv: [{ priority: 1, weight: 1.5, port: 1, target: 's.example.com' }] }, 'srv: weight 1.5 is not in 0-65535; ignored'],
    ['srv without target', { srv: [{ priority: 1, weight: 1, port: 1 }] }, 'srv: not { priority, weight, port, target }; ignored'],
    ['caa flags 256', { caa: [{ flags: 256, tag: 'issue', value: 'ca.example' }] }, 'caa: flags 256 is not in 0-255; ignored'],
    ['caa tag of 16 letters', { caa: [{ flags: 0, tag: 'a'.repeat(16), value: '' }] }, `caa: tag "${'a'.repeat(16)}" is not 1-15 letters and digits; ignored`],
    ['caa tag with a dash', { caa: [{ flags: 0, tag: 'is-sue', value: '' }] }, 'caa: tag "is-sue" is not 1-15 letters and digits; ignored'],
    ['caa value of 256 octets', { caa: [{ flags: 0, tag: 'issue', value: 'é'.repeat(128) }] }, 'caa: value of 256 octets, more than 255; ignored'],
    ['ptr the root', { ptr: [''] }, 'ptr: empty name; ignored'],
    ['ptr not host syntax', { ptr: ['bad name!'] }, 'ptr: invalid label "bad name!"; ignored'],
    ['ptr a number', { ptr: [7] }, 'ptr: not a string; ignored'],
    ['ttl -1', { ttl: -1 }, "ttl: -1 is not a TTL (0-2147483647); the zone's served"],
    ['ttl 2^31', { ttl: 2147483648 }, "ttl: 2147483648 is not a TTL (0-2147483647); the zone's served"],
    ['ttl "60"', { ttl: '60' }, `ttl: "60" is not a TTL (0-2147483647); the zone's served`],
  ])('leaves out %s and serves the rest', (_, bad, note) => {
    expect(checkNameRecords({ ...base, ...bad })).toEqual({ ok: true, value: base, notes: [note] })
  })
  it('serves the first 16 records of a type and notes the rest', () => {
    const ptr = Array.from({ length: 17 }, (_, i) => `h${String(i).padStart(2, '0')}.example.com`)
    expect(checkNameRecords({ ptr })).toEqual({ ok: true, value: { ptr: ptr.slice(0, 16) }, notes: ['ptr: 17 records, first 16 served'] })
    expect(checkNameRecords({ ptr: ptr.slice(0, 16) })).toEqual({ ok: true, value: { ptr: ptr.slice(0, 16) } })
  })
})

/**
 * What one name may carry (limits.ts): a value beyond it, hand-edited or from another agent, is
 * served in part, its first entries, with a note; a value at the limit is served whole.
 */
describe('per-name limits', () => {
  const v4 = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${i >> 8}.${i & 255}`)
  const v6 = (n: number) => Array.from({ length: n }, (_, i) => `2001:db8::${(i + 1).toString(16)}`)
  const texts = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`)

  it.each([
    ['64 IPv4 addresses', { a: v4(64) }],
    ['64 IPv6 addresses', { aaaa: v6(64) }],
    ['16 TXT values', { txt: texts(16) }],
    ['TXT of 4096 octets', { txt: ['é'.repeat(1024), 'é'.repeat(1024)] }],
  ])('serves %s whole', (_, value) => {
    expect(checkNameRecords(value)).toEqual({ ok: true, value })
  })

  it.each([
    ['65 IPv4 addresses', { a: v4(65) }, { a: v4(64) }, 'a: 65 addresses, first 64 served'],
    ['65 IPv6 addresses', { aaaa: v6(65) }, { aaaa: v6(64) }, 'aaaa: 65 addresses, first 64 served'],
    ['17 TXT values', { txt: texts(17) }, { txt: texts(16) }, 'txt: over 16 values or 4096 octets, first 16 served'],
    ['TXT of 4097 octets', { txt: ['é'.repeat(1024), 'é'.repeat(1024), 'x'] }, { txt: ['é'.repeat(1024), 'é'.repeat(1024)] }, 'txt: over 16 values or 4096 octets, first 2 served'],
    ['one TXT value over 4096 octets', { txt: ['x'.repeat(4097)] }, { txt: [] }, 'txt: over 16 values or 4096 octets, first 0 served'],
  ])('cuts %s to the first, with a note', (_, value, served, note) => {
    expect(checkNameRecords(value)).toEqual({ ok: true, value: served, notes: [note] })
  })
})
