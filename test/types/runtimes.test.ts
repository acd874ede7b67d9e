/**
 * One tsconfig per runtime, checked by compiling probes with them: the worker's (src/) sees
 * workerd's globals and nodejs_compat's node:buffer but no Node globals; the agent's (the
 * root tsconfig.json) sees Node's but not workerd's.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const TSC = join(ROOT, 'node_modules/.bin/tsc')
// Inside the repository, so type packages resolve from its node_modules as they do for real.
mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true })
const dir = mkdtempSync(join(ROOT, 'node_modules/.cache/k8sgw-tsconfig-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Type-checks `source` with the options of `tsconfig` (and its globals); the error lines. */
async function check(tsconfig: string, source: string, include: string[] = []): Promise<string[]> {
  const name = `probe-${Math.random().toString(36).slice(2)}`
  writeFileSync(join(dir, `${name}.ts`), source)
  writeFileSync(
    join(dir, `${name}.json`),
    JSON.stringify({ extends: join(ROOT, tsconfig), include, files: [`${name}.ts`] }),
  )
  try {
    await promisify(execFile)(TSC, ['--noEmit', '-p', join(dir, `${name}.json`)])
    return []
  } catch (err) {
    return String((err as { stdout?: string }).stdout).split('\n').filter((l) => l.includes('error TS'))
  }
}

/** The worker's generated types, and the declarations its sources keep beside them. */
const WORKER_TYPES = [join(ROOT, 'worker-configuration.d.ts'), join(ROOT, 'src/**/*.d.ts')]

describe('tsconfig per runtime', () => {
  it('the worker: workerd globals and node:buffer compile', async () => {
    const errors = await check(
      'src/tsconfig.json',
      `import { Buffer } from 'node:buffer'
       export const b = Buffer.from('a')
       export const kv = (env: Cloudflare.Env): KVNamespace => env.RECORDS
       export const c = caches.default`,
      WORKER_TYPES,
    )
    expect(errors).toEqual([])
  })

  it('the worker: a Node global or module is a compile error', async () => {
    const errors = await check(
      'src/tsconfig.json',
      `export const a = process.env.X
       export const b = require('node:fs')
       import { readFileSync } from 'node:fs'
       export const c = readFileSync`,
      WORKER_TYPES,
    )
    expect(errors.join('\n')).toMatch(/'process'/)
    expect(errors.join('\n')).toMatch(/'require'/)
    expect(errors.join('\n')).toMatch(/'node:fs'/)
  })

  it("the agent: Node's globals compile, workerd's do not", async () => {
    expect(await check('tsconfig.json', `export const a = process.env.X`)).toEqual([])
    const errors = await check('tsconfig.json', `export const c = caches.default; export type K = KVNamespace`)
    expect(errors.join('\n')).toMatch(/'caches'/)
    expect(errors.join('\n')).toMatch(/'KVNamespace'/)
  })
})
