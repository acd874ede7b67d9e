/** The dns.google / 1.1.1.1 style JSON API, answered by the same pipeline as wire DoH. */
import { beforeEach, describe, expect, it } from 'vitest'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

beforeEach(async () => {
  await publish(recordSet({ 'web.example.com': { a: ['192.0.2.1'], txt: ['say "hi"'] }, 'lb.example.com': { cname: 'lb.example.net' } }))
})

describe('JSON API', () => {
  it('answers /resolve?name=&type= with Status, flags, Question and Answer', async () => {
    const res = await testApp().fetch('http://doh.test/resolve?name=web.example.com&type=A')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.json()).toEqual({
      Status: 0,
      TC: false,
      RD: true,
      RA: false,
      AD: false,
      CD: false,
      Question: [{ name: 'web.example.com.', type: 1 }],
      Answer: [{ name: 'web.example.com.', type: 1, TTL: 60, data: '192.0.2.1' }],
    })
  })
  it('answers /dns-query with accept: application/dns-json', async () => {
    const res = await testApp().fetch('http://doh.test/dns-query?name=lb.example.com&type=AAAA', { headers: { accept: 'application/dns-json' } })
    expect(res.headers.get('content-type')).toBe('application/dns-json')
    const body = (await res.json()) as { Answer: unknown[] }
    expect(body.Answer).toEqual([{ name: 'lb.example.com.', type: 5, TTL: 60, data: 'lb.example.net.' }])
  })
  it('takes numeric types, defaults to A and quotes TXT', async () => {
    const txt = (await (await testApp().fetch('http://doh.test/resolve?name=web.example.com&type=16')).json()) as { Answer: { data: string }[] }
    expect(txt.Answer[0]!.data).toBe('"say \\"hi\\""')
    const a = (await (await testApp().fetch('http://doh.test/resolve?name=web.example.com')).json()) as { Question: unknown }
    expect(a.Question).toEqual([{ name: 'web.example.com.', type: 1 }])
  })
  it('reports NXDOMAIN as Status 3 with the SOA in Authority', async () => {
    const body = (await (await testApp().fetch('http://doh.test/resolve?name=nope.example.com&type=A')).json()) as Record<string, unknown>
    expect(body.Status).toBe(3)
    expect(body.Authority).toEqual([
      {
        name: 'example.com.',
        type: 6,
        TTL: 30,
        data: 'dns1.kube-system.example.com. hostmaster.dns1.kube-system.example.com. 12345 7200 1800 86400 30',
      },
    ])
  })
  it.each([
    ['http://doh.test/resolve', 400],
    ['http://doh.test/resolve?name=web.example.com&type=BOGUS', 400],
    ['http://doh.test/resolve?name=web.example.com&type=70000', 400],
    [`http://doh.test/resolve?name=${'a'.repeat(64)}.example.com`, 400],
  ])('%s is %i', async (url, status) => {
    expect((await testApp().fetch(url)).status).toBe(status)
  })
})

describe('CORS', () => {
  it('answers a browser preflight for POST /dns-query', async () => {
    const res = await testApp().fetch('http://doh.test/dns-query', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type')
  })
})
