/** Which upstreams the worker relays to, and how logs name them (upstream.ts). */
import { describe, expect, it } from 'vitest'
import { upstreamLabel, upstreamProblem } from '../../src/core/recordset/upstream.ts'

describe('upstreamProblem', () => {
  it.each([
    ['DoH over https', 'https://dns.example/dns-query'],
    ['https in capitals', 'HTTPS://dns.example/dns-query'],
    ['https with a port, a query and a user', 'https://u@dns.example:8443/dns-query?token=x'],
    ['plain http to localhost', 'http://localhost:8053/dns-query'],
    ['plain http to LOCALHOST', 'HTTP://LOCALHOST/dns-query'],
    ['plain http to [::1]', 'http://[::1]:8053/dns-query'],
    ['plain http to 127.0.0.1', 'http://127.0.0.1:8053/dns-query'],
    ['plain http anywhere in 127/8', 'http://127.10.200.3/dns-query'],
  ])('relays to %s', (_, url) => {
    expect(upstreamProblem(url)).toBeNull()
  })

  it.each([
    ['plain http to another host', 'http://dns.example/dns-query', 'plain http is allowed to loopback only'],
    ['plain http to a name that starts like loopback', 'http://127.0.0.1.dns.example/dns-query', 'plain http is allowed to loopback only'],
    ['plain http to a name that ends like loopback', 'http://x127.0.0.1/dns-query', 'plain http is allowed to loopback only'],
    ['plain http to another IPv6 host', 'http://[2001:db8::1]/dns-query', 'plain http is allowed to loopback only'],
    ['another scheme', 'ftp://dns.example/dns-query', 'ftp: is not http(s)'],
    ['another scheme in capitals', 'TLS://dns.example', 'tls: is not http(s)'],
    ['a bare host', 'dns.example', 'not an absolute URL'],
    ['a relative URL with a URL in its query', 'dns.example/?to=https://dns.example/', 'not an absolute URL'],
    ['an empty string', '', 'not an absolute URL'],
    ['white space in the host', 'https://dns example/dns-query', 'not an absolute URL'],
    ['white space in the path', 'https://dns.example/dns query', 'not an absolute URL'],
  ])('refuses %s', (_, url, problem) => {
    expect(upstreamProblem(url)).toBe(problem)
  })
})

describe('upstreamLabel', () => {
  it.each([
    ['https://dns.example/dns-query', 'https://dns.example'],
    ['HTTPS://dns.example:8443/profile/secret-token?key=x', 'https://dns.example:8443'],
    ['https://user:password@dns.example/dns-query', 'https://dns.example'],
    ['http://[::1]:8053/dns-query', 'http://[::1]:8053'],
    ['dns.example/secret-token', '(invalid upstream URL)'],
    ['dns.example/?to=https://dns.example/', '(invalid upstream URL)'],
  ])('names %s as %s, without path, query or credentials', (url, label) => {
    expect(upstreamLabel(url)).toBe(label)
  })
})
