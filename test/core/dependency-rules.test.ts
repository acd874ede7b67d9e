/**
 * The layering rules of the README's layout, checked on the import statements themselves:
 * the pure core imports nothing but itself; dns-packet stays in the wire adapter; the worker
 * never imports the agent, and the agent takes only the core from the worker's tree; only the
 * page renders HTML.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f))
}

/** Every import of a file: bare package names as written, relative ones resolved from the root. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => {
    const spec = (m[1] ?? m[2])!
    return spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec
  })
}

const violations = (files: string[], allowed: (spec: string, file: string) => boolean) =>
  files.flatMap((file) => imports(file).filter((spec) => !allowed(spec, file)).map((spec) => `${file} -> ${spec}`))

describe('dependency rules', () => {
  it('src/core imports only src/core', () => {
    expect(violations(sources('src/core'), (spec) => spec.startsWith('src/core/'))).toEqual([])
  })
  it('the product reads and writes DNS with its own codec (src/doh/wire/); dns-packet is a test client only', () => {
    const files = [...sources('src'), ...sources('sync-agent')]
    expect(violations(files, (spec) => !spec.startsWith('dns-packet'))).toEqual([])
  })
  it('the worker never imports the agent', () => {
    expect(violations(sources('src'), (spec) => !spec.startsWith('sync-agent/'))).toEqual([])
  })
  it('the agent takes only the core from src/', () => {
    expect(violations(sources('sync-agent'), (spec) => !spec.startsWith('src/') || spec.startsWith('src/core/'))).toEqual([])
  })
  it('only the page renders HTML: hono/jsx stays in src/page/', () => {
    expect(violations(sources('src'), (spec, file) => !spec.startsWith('hono/jsx') || file.startsWith('src/page/'))).toEqual([])
  })
  it('the rules see imports at all', () => {
    expect(imports('src/resolve.ts')).toContain('src/core/dns/lookup.ts')
    expect(imports('test/helpers/dns.ts')).toContain('dns-packet')
    expect(imports('src/page/layout.ts')).toContain('hono/jsx')
  })
})
