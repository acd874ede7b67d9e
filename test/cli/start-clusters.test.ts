/**
 * `npm start -- --cluster ...`: several clusters from files behind the local worker, steered by
 * the place a query says it comes from (wrangler dev's MF-CF-Blob header stands in for the
 * edge's request.cf), one of them down.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

let child: ChildProcess
let port: number
let state: string
let output = ''

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as AddressInfo
      s.close(() => resolve(p))
    })
  })

const ARGS = [
  '--cluster', 'eu=examples/clusters/eu.yaml', '--cluster', 'ap=examples/clusters/ap.yaml', '--cluster', 'us=test/fixtures/clusters/us.yaml',
  '--cluster-location', 'eu=50.11,8.68', '--cluster-location', 'ap=-33.87,151.21', '--cluster-location', 'us=38.95,-77.45',
  '--cluster-region', 'eu=eu-central-1', '--cluster-down', 'us', '--steering', 'nearest',
]

beforeAll(async () => {
  port = await freePort()
  state = await mkdtemp(join(tmpdir(), 'k8sgw-clusters-'))
  child = spawn('npm', ['start', '--', '--port', String(port), '--persist-to', state, ...ARGS], { detached: true, env: { ...process.env, CI: 'true' } })
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start not ready in 60 s:\n${output}`)), 60_000)
    const check = setInterval(() => {
      if (!output.includes('DNS-over-HTTPS ready')) return
      clearInterval(check)
      clearTimeout(timer)
      setTimeout(resolve, 200) // the commands follow the ready line
    }, 100)
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)))
  })
}, 90_000)

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    await new Promise<void>((resolve) => {
      child.on('exit', () => resolve())
      process.kill(-child.pid!, 'SIGTERM')
    })
  }
  await rm(state, { recursive: true, force: true })
}, 30_000)

const CF = {
  berlin: { latitude: '52.52', longitude: '13.40', continent: 'EU', country: 'DE' },
  melbourne: { latitude: '-37.81', longitude: '144.96', continent: 'OC', country: 'AU' },
  newYork: { latitude: '40.71', longitude: '-74.00', continent: 'NA', country: 'US' },
}

async function addresses(name: string, cf: object): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${port}/resolve?name=${name}&type=A`, { headers: { 'mf-cf-blob': JSON.stringify(cf) } })
  const body = (await res.json()) as { Answer?: { data: string }[] }
  return (body.Answer ?? []).map((a) => a.data).sort()
}

describe('npm start with several clusters', () => {
  it('says what it serves and prints how to ask from two places', () => {
    expect(output).toContain('[start] clusters eu,ap,us, STEERING=nearest, heartbeats every 60 s')
    expect(output).toMatch(/curl -s --compressed -H 'MF-CF-Blob: .*"country":"DE"}' 'http:\/\/127\.0\.0\.1:\d+\/resolve\?name=app\.example\.com&type=A' {2}# as from Berlin/)
    expect(output).toMatch(/# as from Sydney/)
  })
  it('runs its printed commands: Berlin gets eu, Sydney gets ap', () => {
    const lines = output.split('\n').filter((l) => l.includes('# as from')).map((l) => l.trim().replace(/ {2}# .*$/, ''))
    const answers = lines.map((l) => JSON.parse(execFileSync('sh', ['-c', l], { encoding: 'utf8' })).Answer.map((a: { data: string }) => a.data))
    expect(answers).toEqual([['192.0.2.1'], ['198.51.100.1']])
  })
  it('answers each place from the nearest live cluster, passing over the one that is down', async () => {
    expect(await addresses('app.example.com', CF.berlin)).toEqual(['192.0.2.1'])
    expect(await addresses('app.example.com', CF.melbourne)).toEqual(['198.51.100.1'])
    expect(await addresses('app.example.com', CF.newYork)).toEqual(['192.0.2.1']) // us is down: Frankfurt is next
    expect(await addresses('ap.example.com', CF.berlin)).toEqual(['198.51.100.1']) // only ap has it
  })
  it('names the stale cluster on /healthz and the page', async () => {
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(503)
    expect(await health.text()).toMatch(/^owner us: stale: last heartbeat 3\d{3} s ago \(limit 240 s\)/)
    const page = await (await fetch(`http://127.0.0.1:${port}/`)).text()
    expect(page).toContain('eu-central-1')
    expect(page).toMatch(/<td class="error" data-label="State" title="no heartbeat for \d+ s \(limit 240 s\)">stale<\/td>/)
  })
})

describe('npm start --cluster input errors', () => {
  const start = (...args: string[]) => {
    try {
      execFileSync('npm', ['start', '--silent', '--', ...args], { encoding: 'utf8', stdio: 'pipe' })
      return { code: 0, stderr: '' }
    } catch (err) {
      const e = err as { status: number; stderr: string }
      return { code: e.status, stderr: e.stderr }
    }
  }
  it.each([
    [['--cluster', 'eu'], 'start: --cluster must be NAME=MANIFESTS, not "eu"'],
    [['--cluster', 'eu=a', '--cluster', 'eu=b'], 'start: --cluster eu is given twice'],
    [['--cluster', 'eu=a', '--cluster-region', 'ap=x'], 'start: --cluster-region ap=x: no --cluster ap'],
    [['--cluster', 'eu=a', '--cluster-location', 'eu=north'], 'start: --cluster-location eu= must be LAT,LON in degrees (e.g. 50.11,8.68), not "north"'],
    [['--cluster', 'eu=a', '--steering', 'closest'], 'start: --steering must be one of all, nearest, failover, not "closest"'],
  ])('%j exits 2', (args, message) => {
    const { code, stderr } = start(...args)
    expect([code, stderr.trim()]).toEqual([2, message])
  })
})
