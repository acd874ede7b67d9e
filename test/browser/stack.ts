/**
 * `npm start` and Debian's Chromium for the browser tests, both on loopback only. Playwright
 * never downloads a browser here: playwright-core has none, and we hand it /usr/bin/chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

export interface Stack {
  origin: string
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo
      s.close(() => resolve(port))
    })
  })
}

/** Resolves once the stack prints that it is ready; its own process group, so stop() ends wrangler too. */
export async function startStack(): Promise<Stack> {
  const port = await freePort()
  const state = await mkdtemp(join(tmpdir(), 'k8sgw-browser-kv-'))
  const child: ChildProcess = spawn('npm', ['start', '--', '--port', String(port), '--persist-to', state], {
    detached: true,
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('DNS-over-HTTPS ready')) resolve()
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)))
  })
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.pid && child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve))
        process.kill(-child.pid, 'SIGTERM')
        await exited
      }
      await rm(state, { recursive: true, force: true })
    },
  }
}

/** Chromium with a fresh profile and none of its background traffic to Google. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`)
  const profile = await mkdtemp(join(tmpdir(), 'k8sgw-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 420, height: 900 }, // a phone's width: the page must read there
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  return {
    context,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}
