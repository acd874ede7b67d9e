/** A rotated API token file (a Secret volume updated in place) is used from the next request on. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { kvEntries } from '../../src/core/recordset/keys.ts'
import { plan } from '../../sync-agent/plan/plan.ts'
import { kvRestPublisher, tokenFromEnv } from '../../sync-agent/publish/kv-rest.ts'
import { startFakeKvApi, type FakeKvApi } from '../helpers/fake-kv-api.ts'
import { recordSet } from '../helpers/recordset.ts'

let api: FakeKvApi
let dir: string
beforeEach(async () => {
  api = await startFakeKvApi()
  dir = mkdtempSync(join(tmpdir(), 'k8sgw-token-'))
})
afterEach(async () => {
  await api.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('API token file', () => {
  it('is read again for the next publish after it changes', async () => {
    const file = join(dir, 'token')
    writeFileSync(file, `${api.token}\n`)
    const publisher = kvRestPublisher({ ...api, token: tokenFromEnv({ CLOUDFLARE_API_TOKEN_FILE: file }) })
    await publisher.apply(plan(kvEntries(recordSet({ 'a.example.com': { a: ['192.0.2.1'] } })), new Map(), 'default'))
    api.token = 'rotated-token'
    writeFileSync(file, 'rotated-token\n')
    const changes = plan(kvEntries(recordSet({ 'a.example.com': { a: ['192.0.2.2'] } })), await publisher.list('default'), 'default')
    expect(await publisher.apply(changes)).toMatchObject({ puts: 1 })
    expect(JSON.parse(api.store.get('v1/name/default/a.example.com')!.value)).toEqual({ a: ['192.0.2.2'] })
  })

  it('keeps the last token while the file is briefly missing, and fails at start without one', () => {
    const file = join(dir, 'token')
    writeFileSync(file, 'first')
    const token = tokenFromEnv({ CLOUDFLARE_API_TOKEN_FILE: file })
    rmSync(file)
    expect(token()).toBe('first')
    expect(() => tokenFromEnv({ CLOUDFLARE_API_TOKEN_FILE: file })).toThrow(/ENOENT/)
    expect(tokenFromEnv({ CLOUDFLARE_API_TOKEN: ' env-token ' })()).toBe('env-token')
  })
})
