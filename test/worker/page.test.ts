/** The page at `/`: status, the no-JavaScript lookup, "use this resolver" and the Apple profile. */
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { metaKey } from '../../src/core/recordset/keys.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

const page = async (path: string, options: Parameters<typeof testApp>[0] = {}) => {
  const res = await testApp(options).fetch(`https://doh.example.net${path}`)
  // Decoded by hand: workerd warns on .text() for a type it does not know as text (the profile).
  return { status: res.status, headers: res.headers, html: new TextDecoder().decode(await res.arrayBuffer()) }
}
/** Text as a person reads it: tags dropped, entities decoded. */
const text = (html: string) =>
  html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ')

beforeEach(async () => {
  await env.RECORDS.delete(metaKey('east'))
  await publish(recordSet({ 'web.example.com': { a: ['192.0.2.10'] } }))
})

describe('the page', () => {
  it('is small HTML with a strict CSP, naming the zones and the owner', async () => {
    const { status, headers, html } = await page('/')
    expect(status).toBe(200)
    expect(headers.get('content-type')).toMatch(/^text\/html/)
    expect(headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'nonce-/)
    expect(new TextEncoder().encode(html).length).toBeLessThan(30_000)
    expect(text(html)).toContain('Zone served: example.com')
    expect(text(html)).toMatch(/default published example\.com not reported not reported not reported/)
  })
  it('shows the publish time, name count and agent version when the meta carries them', async () => {
    const publishedAt = new Date(Date.now() - 5 * 60_000).toISOString()
    await publish(recordSet({}, { status: { publishedAt, agentVersion: '0.2.0', names: 42 } }))
    const { html } = await page('/')
    expect(text(html)).toMatch(/default published example\.com 5 min ago 42 0\.2\.0/)
    expect(html).toContain(`datetime="${publishedAt}"`)
  })
  it('marks a stale owner, with its heartbeat and region, and says how shared names are steered', async () => {
    const at = (ms: number) => new Date(Date.now() - ms).toISOString()
    await publish(
      recordSet({}, { heartbeat: { at: at(10_000), every: 60, region: 'eu-central-1', serves: ['EU'] } }),
      recordSet({}, { owner: 'east', heartbeat: { at: at(2 * 3_600_000), every: 60, region: 'us-east-1' } }),
    )
    const { html } = await page('/', { owners: ['default', 'east'], env: { STEERING: 'nearest' } })
    expect(text(html)).toMatch(/default published example\.com .* 10 s ago \(eu-central-1, EU\)/)
    expect(text(html)).toMatch(/east stale example\.com .* 2 h ago \(us-east-1\)/)
    expect(html).toContain('title="no heartbeat for 7200 s (limit 240 s)"')
    expect(text(html)).toContain('A name several owners serve answers with the nearest live owner’s addresses ( STEERING=nearest ).')
  })
  it('says which owner has not published, and still answers 200', async () => {
    const { status, html } = await page('/', { owners: ['default', 'east'] })
    expect(status).toBe(200)
    expect(text(html)).toContain('east missing no meta at v1/meta/east')
  })
  it('answers a lookup without JavaScript, like dig, from the records', async () => {
    const { status, html } = await page('/?name=web.example.com&type=A')
    expect(status).toBe(200)
    expect(text(html)).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR')
    expect(html).toContain('web.example.com.\t60\tIN\tA\t192.0.2.10')
    expect(html).toMatch(/<option value="A" selected="">A<\/option>|<option value="A" selected>A<\/option>/)
  })
  it('shows NXDOMAIN with the SOA in the authority section', async () => {
    const { html } = await page('/?name=nope.example.com&type=AAAA')
    expect(text(html)).toContain('status: NXDOMAIN')
    expect(text(html)).toContain(';; AUTHORITY SECTION:')
  })
  it.each([
    ['/?name=bad..name&type=A', 'is not a valid domain name'],
    ['/?name=web.example.com&type=BOGUS', 'unknown record type "BOGUS"'],
    ['/?name=', 'missing "name" query parameter'],
  ])('shows a message for bad input %s, as a 400 page', async (path, message) => {
    const { status, headers, html } = await page(path)
    expect(status).toBe(400)
    expect(headers.get('content-type')).toMatch(/^text\/html/)
    expect(text(html)).toContain(message)
    expect(html).toContain('role="alert"')
  })
  it('escapes what it echoes', async () => {
    const { html } = await page('/?name=%3Cscript%3Ealert(1)%3C/script%3E')
    expect(html).not.toContain('<script>alert(1)')
  })
  it('gives the DoH URL of the origin it was asked on, with client snippets', async () => {
    const { html } = await page('/')
    expect(text(html)).toContain('DNS-over-HTTPS URL: https://doh.example.net/dns-query')
    expect(text(html)).toContain('network.trr.uri = https://doh.example.net/dns-query')
    expect(text(html)).toContain('curl --doh-url https://doh.example.net/dns-query https://web.example.com/')
    expect(text(html)).toContain('kdig @doh.example.net +https=/dns-query web.example.com')
    expect(text(html)).toContain('dig @doh.example.net +https=/dns-query web.example.com')
  })
  it('is private with the resolver: 404 when DOH_TOKEN is set', async () => {
    expect((await page('/', { env: { DOH_TOKEN: 's3cret' } })).status).toBe(404)
    expect((await page('/k8s-gateway-doh.mobileconfig', { env: { DOH_TOKEN: 's3cret' } })).status).toBe(404)
  })
})

describe('the Apple configuration profile', () => {
  it('is a plist with a DNSSettings payload for the origin URL, stable across downloads', async () => {
    const first = await page('/k8s-gateway-doh.mobileconfig')
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('application/x-apple-aspen-config')
    expect(first.headers.get('content-disposition')).toContain('attachment')
    expect(first.html).toMatch(/<key>DNSProtocol<\/key>\s*<string>HTTPS<\/string>\s*<key>ServerURL<\/key>\s*<string>https:\/\/doh\.example\.net\/dns-query<\/string>/)
    expect(first.html).toContain('<string>com.apple.dnsSettings.managed</string>')
    const uuids = first.html.match(/[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}/g)
    expect(new Set(uuids).size).toBe(2)
    expect((await page('/k8s-gateway-doh.mobileconfig')).html).toBe(first.html)
  })
})
