/**
 * `npm start` as a new user runs it, queried by a real third-party DoH client:
 * `dig +http-plain` from bind9-dnsutils (HTTP/2 over cleartext, GET and POST).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

let child: ChildProcess
let port: number
let state: string
let output = ''

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as AddressInfo
      s.close(() => resolve(p))
    })
  })
}

function startStack(): Promise<void> {
  output = ''
  child = spawn('npm', ['start', '--', '--port', String(port), '--persist-to', state], {
    detached: true, // its own process group, so teardown stops wrangler and workerd too
    env: { ...process.env, CI: 'true' },
  })
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start not ready in 60 s:\n${output}`)), 60_000)
    const check = setInterval(() => {
      if (output.includes('DNS-over-HTTPS ready')) {
        clearInterval(check)
        clearTimeout(timer)
        resolve()
      }
    }, 100)
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)))
  })
}

function stopStack(): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.on('exit', () => resolve())
    process.kill(-child.pid!, 'SIGTERM')
  })
}

function dig(...args: string[]): string {
  try {
    return execFileSync('dig', [`@127.0.0.1`, '-p', String(port), '+tries=1', '+time=5', ...args], { encoding: 'utf8' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('dig not found: apt-get install bind9-dnsutils')
    throw err
  }
}

beforeAll(async () => {
  port = await freePort()
  state = await mkdtemp(join(tmpdir(), 'k8sgw-start-'))
  await startStack()
}, 90_000)

afterAll(async () => {
  await stopStack()
  await rm(state, { recursive: true, force: true })
}, 30_000)

describe('npm start', () => {
  it('prints the URL and ready-to-paste commands', () => {
    expect(output).toContain(`DNS-over-HTTPS ready at http://127.0.0.1:${port}/dns-query`)
    expect(output).toContain(`dig @127.0.0.1 -p ${port} +http-plain=/dns-query web.example.com`)
  })
  it("prints the README's commands, and no URL but ours (not wrangler's private port)", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')
    const block = /prints ready-to-paste commands:\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(block).toBeDefined()
    const commands = block!.trim().split('\n').map((l) => l.replaceAll('8787', String(port)))
    expect(commands).toHaveLength(4)
    for (const command of commands) expect(output).toContain(`  ${command}\n`)
    expect(output).not.toContain('Ready on')
    for (const [, p] of output.matchAll(/127\.0\.0\.1:(\d+)/g)) expect(p).toBe(String(port))
  })
  it('answers dig +http-plain (POST) with the example address', () => {
    expect(dig('+http-plain=/dns-query', 'web.example.com', 'A', '+short').trim()).toBe('192.0.2.10')
  })
  it('answers dig +http-plain-get with AAAA', () => {
    expect(dig('+http-plain-get=/dns-query', 'web.example.com', 'AAAA', '+short').trim()).toBe('2001:db8::10')
  })
  it('answers dig -x with the names that point at the example address (reverse zone 2.0.192.in-addr.arpa)', () => {
    expect(dig('+http-plain=/dns-query', '-x', '192.0.2.10', '+short').trim().split('\n')).toEqual(['a.b.example.com.', 'web.example.com.'])
    const miss = dig('+http-plain=/dns-query', '-x', '192.0.2.99')
    expect(miss).toContain('status: NXDOMAIN')
    expect(miss).toMatch(/AUTHORITY SECTION:\n2\.0\.192\.in-addr\.arpa\.\s+\d+\s+IN\s+SOA/)
  })
  it('answers the example MX, SRV and CAA of the DNSEndpoint', () => {
    expect(dig('+http-plain=/dns-query', 'example.org', 'MX', '+short').trim()).toBe('10 mail.example.org.')
    expect(dig('+http-plain=/dns-query', '_imaps._tcp.example.org', 'SRV', '+short').trim()).toBe('10 1 993 mail.example.org.')
    expect(dig('+http-plain=/dns-query', 'example.org', 'CAA', '+short').trim()).toBe('0 issue "letsencrypt.org"')
  })
  it('answers NXDOMAIN with the SOA, authoritatively', () => {
    const out = dig('+http-plain=/dns-query', 'nope.example.com', 'A')
    expect(out).toContain('status: NXDOMAIN')
    expect(out).toMatch(/flags: qr aa/)
    expect(out).toMatch(/AUTHORITY SECTION:\nexample\.com\.\s+\d+\s+IN\s+SOA/)
  })
  it('serves HTTP/1.1 clients on the same port, and answers garbage with 400', async () => {
    const curlCommand = /curl -s -H 'accept: application\/dns-message' '([^']+)'/.exec(output)?.[1]
    expect(curlCommand).toBeDefined()
    const res = await fetch(curlCommand!, { headers: { accept: 'application/dns-message' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/dns-message')
    expect((await fetch(`http://127.0.0.1:${port}/dns-query?dns=garbage`)).status).toBe(400)
  })
  it('writes nothing to the local KV when started again on the same inputs', async () => {
    await stopStack()
    await startStack()
    expect(output).toMatch(/local KV .*: 0 keys written, 0 deleted/)
    expect(dig('+http-plain=/dns-query', 'web.example.com', 'A', '+short').trim()).toBe('192.0.2.10')
  }, 90_000)
})
