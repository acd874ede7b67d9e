/** "Use this resolver" snippets follow the URL the page was asked on. */
import { describe, expect, it } from 'vitest'
import { snippets } from '../../src/page/snippets.ts'

const text = (url: string) => Object.fromEntries(snippets(url, 'web.example.com').map((s) => [s.client, s.text]))

describe('snippets', () => {
  it('use DoH over TLS on an https origin', () => {
    expect(text('https://doh.example.net/dns-query')).toEqual({
      Firefox: 'network.trr.uri = https://doh.example.net/dns-query\nnetwork.trr.mode = 3',
      'Chrome, Edge': 'https://doh.example.net/dns-query',
      curl: 'curl --doh-url https://doh.example.net/dns-query https://web.example.com/',
      'kdig (Knot)': 'kdig @doh.example.net +https=/dns-query web.example.com',
      'dig (BIND 9.18+)': 'dig @doh.example.net +https=/dns-query web.example.com',
    })
  })
  it('give dig the port and cleartext HTTP on a local http origin, and leave kdig out', () => {
    const local = text('http://127.0.0.1:8787/dns-query')
    expect(local['dig (BIND 9.18+)']).toBe('dig @127.0.0.1 -p 8787 +http-plain=/dns-query web.example.com')
    expect(local['kdig (Knot)']).toBeUndefined()
  })
})
