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
    expect(checkOwnerMeta(JSON.parse(JSON.stringify(ownerMeta(recordSet({})))))).toMatchObject({ ok: true })
  })
  it.each([
    [{ a: ['300.1.1.1'] }, 'a: not a list of IPv4 addresses'],
    [{ a: '192.0.2.1' }, 'a: not a list of IPv4 addresses'],
    [{ aaaa: ['2001:DB8::1'] }, 'aaaa: not a list of canonical IPv6 addresses'],
    [{ txt: [1] }, 'txt: not a list of strings'],
    [{ cname: 'bad name!' }, 'cname: not a host name'],
    [null, 'not an object'],
  ])('rejects name records %j', (value, error) => {
    expect(checkNameRecords(value)).toEqual({ ok: false, error })
  })
  it('rejects a record set of another version, naming both versions', () => {
    const meta = { ...ownerMeta(recordSet({})), version: 3 }
    expect(checkOwnerMeta(meta)).toEqual({ ok: false, error: 'record-set version 3 is not one of 1, 2' })
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
  it('accepts a meta with or without the publisher stamp, and rejects a malformed one', () => {
    const meta = ownerMeta(recordSet({}))
    const publisher = { cluster: 'uid-1', holder: 'agent-0', at: '2026-12-01T10:00:00.000Z' }
    expect(checkOwnerMeta({ ...meta, publisher })).toEqual({ ok: true, value: { ...meta, publisher } })
    expect(checkOwnerMeta(meta)).toMatchObject({ ok: true })
    expect(checkOwnerMeta({ ...meta, publisher: { cluster: 'uid-1' } })).toEqual({ ok: false, error: 'publisher: expected { cluster, holder, at } strings' })
  })
})

describe('owner meta status (optional, display only)', () => {
  const meta = ownerMeta(recordSet({}))
  const status = { publishedAt: '2026-12-01T10:00:00Z', agentVersion: '0.1.0', names: 12 }
  it('accepts a meta without status, as older agents write it', () => {
    expect(checkOwnerMeta(meta)).toEqual({ ok: true, value: meta })
  })
  it('keeps a good status', () => {
    expect(checkOwnerMeta({ ...meta, status })).toEqual({ ok: true, value: { ...meta, status } })
  })
  it.each([
    { ...status, publishedAt: 'yesterday' },
    { ...status, agentVersion: '' },
    { ...status, agentVersion: 'x'.repeat(65) },
    { ...status, agentVersion: '<script>' + ' ' },
    { ...status, names: -1 },
    { ...status, names: 1.5 },
    'ok',
  ])('drops a bad status %j with a note and keeps the meta', (bad) => {
    expect(checkOwnerMeta({ ...meta, status: bad })).toEqual({
      ok: true,
      value: meta,
      notes: ['status: expected { publishedAt, agentVersion, names }; ignored'],
    })
  })
})
