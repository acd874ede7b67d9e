/**
 * The worker's page in a real browser, against `npm start`: it loads clean and self-contained,
 * looks up with and without JavaScript, shows bad input, and hands out a working Apple profile.
 * Screenshots go to test-results/browser/ (gitignored) on every run, for a person to look at;
 * docs/page.png in the README is lookup-wide.png reduced to 64 colours (pngquant).
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startStack, type Stack } from './stack.ts'

const SHOTS = join(import.meta.dirname, '../../test-results/browser')
let stack: Stack
let browser: Awaited<ReturnType<typeof launchChromium>>
let context: BrowserContext
const foreign: string[] = []
const consoleErrors: string[] = []

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  ;[stack, browser] = await Promise.all([startStack(), launchChromium()])
  context = browser.context
  context.on('request', (r) => {
    if (!r.url().startsWith(`${stack.origin}/`)) foreign.push(r.url())
  })
  context.on('page', (p) => {
    p.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    p.on('pageerror', (e) => consoleErrors.push(e.message))
  })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

async function withoutJavaScript(): Promise<Page> {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true })
  return page
}

describe('the page in a browser', () => {
  it('loads with no console error and no request to another origin', async () => {
    const page = await context.newPage()
    const res = await page.goto(`${stack.origin}/`)
    expect(res!.status()).toBe(200)
    expect(await page.locator('h2').allTextContents()).toEqual(['Status', 'Lookup', 'Use this resolver'])
    expect(await page.locator('table').innerText()).toContain('published')
    await page.screenshot({ path: join(SHOTS, 'page.png'), fullPage: true })
    expect(consoleErrors).toEqual([])
    expect(foreign).toEqual([])
  })
  it('looks up web.example.com in place with JavaScript, through /resolve', async () => {
    const page = await context.newPage()
    await page.goto(`${stack.origin}/`)
    const resolved = page.waitForResponse((r) => r.url().includes('/resolve?'))
    await page.fill('input[name=name]', 'web.example.com')
    await page.selectOption('select[name=type]', 'A')
    await page.click('button[type=submit]')
    expect((await resolved).status()).toBe(200)
    await page.locator('#result pre').waitFor()
    expect(await page.locator('#result pre').innerText()).toMatch(/web\.example\.com\.\s+\d+\s+IN\s+A\s+192\.0\.2\.10/)
    expect(page.url()).toBe(`${stack.origin}/?name=web.example.com&type=A`)
    await page.screenshot({ path: join(SHOTS, 'lookup.png'), fullPage: true })
    await page.setViewportSize({ width: 900, height: 900 }) // a desktop's: the README's picture
    await page.screenshot({ path: join(SHOTS, 'lookup-wide.png'), fullPage: true })
  })
  it('looks up web.example.com without JavaScript, as a plain GET', async () => {
    const page = await withoutJavaScript()
    await page.goto(`${stack.origin}/`)
    await page.fill('input[name=name]', 'web.example.com')
    const [doc] = await Promise.all([page.waitForResponse((r) => r.request().resourceType() === 'document'), page.click('button[type=submit]')])
    expect(doc.url()).toBe(`${stack.origin}/?name=web.example.com&type=A`)
    expect(await page.locator('#result pre').innerText()).toMatch(/status: NOERROR[\s\S]*IN\s+A\s+192\.0\.2\.10/)
  })
  it('shows a clear message for a bad name, with and without JavaScript', async () => {
    for (const page of [await context.newPage(), await withoutJavaScript()]) {
      await page.goto(`${stack.origin}/`)
      await page.fill('input[name=name]', 'bad..name')
      await page.click('button[type=submit]')
      const alert = page.locator('#result [role=alert]')
      await alert.waitFor()
      expect(await alert.innerText()).toContain('"bad..name" is not a valid domain name')
    }
  })
  it('downloads the Apple profile, a plist pointing at this DoH URL', async () => {
    const page = await context.newPage()
    await page.goto(`${stack.origin}/`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download the configuration profile')])
    expect(download.suggestedFilename()).toBe('k8s-gateway-doh.mobileconfig')
    const xml = readFileSync((await download.path())!, 'utf8')
    const plist = await page.evaluate(parsePlist, xml)
    expect(plist).toMatchObject({
      PayloadType: 'Configuration',
      PayloadContent: [{ PayloadType: 'com.apple.dnsSettings.managed', DNSSettings: { DNSProtocol: 'HTTPS', ServerURL: `${stack.origin}/dns-query` } }],
    })
  })
})

/** The bits of the browser's DOM parsePlist uses (this project's types have no DOM). */
interface XmlNode {
  tagName: string
  textContent: string | null
  children: ArrayLike<XmlNode>
  firstElementChild: XmlNode | null
}
declare const DOMParser: new () => {
  parseFromString(text: string, type: string): { documentElement: XmlNode; querySelector(s: string): XmlNode | null }
}

/** A plist's XML as a value, parsed by the browser's own XML parser (runs in the page). */
function parsePlist(xml: string): unknown {
  const doc = new DOMParser().parseFromString(xml, 'application/xml')
  if (doc.querySelector('parsererror')) throw new Error('not well-formed XML')
  const value = (el: XmlNode): unknown => {
    const kids = Array.from(el.children)
    switch (el.tagName) {
      case 'dict':
        return Object.fromEntries(kids.flatMap((k, i) => (k.tagName === 'key' ? [[k.textContent, value(kids[i + 1]!)]] : [])))
      case 'array':
        return kids.map(value)
      case 'string':
        return el.textContent
      case 'integer':
        return Number(el.textContent)
      case 'true':
      case 'false':
        return el.tagName === 'true'
      default:
        throw new Error(`unexpected <${el.tagName}>`)
    }
  }
  return value(doc.documentElement.firstElementChild!)
}
