/** Every answer rule, as DNS table cases over record sets written out by hand. */
import { describe, it } from 'vitest'
import { check } from '../helpers/case.ts'
import { answerWorld, REVERSE, REVERSE_SOA, SOA } from '../helpers/answer-world.ts'
import { recordSet, zoneMeta } from '../helpers/recordset.ts'

const world = answerWorld

describe('addresses', () => {
  it('answers A and AAAA with the zone TTL', () => {
    check(world, { qname: 'web.example.com', qtype: 'A', answer: ['web.example.com. 60 IN A 192.0.2.1', 'web.example.com. 60 IN A 192.0.2.2'] })
    check(world, { qname: 'web.example.com', qtype: 'AAAA', answer: ['web.example.com. 60 IN AAAA 2001:db8::1'] })
  })
  it('keeps the case of the question in owner names and matches case-insensitively', () => {
    check(world, { qname: 'WeB.ExAmple.com', qtype: 'A', answer: ['WeB.ExAmple.com. 60 IN A 192.0.2.1', 'WeB.ExAmple.com. 60 IN A 192.0.2.2'] })
  })
  it('answers NODATA for the other address family (RFC 4074 §3)', () => {
    check(world, { qname: 'v4only.example.com', qtype: 'AAAA', ns: [SOA] })
    check(world, { qname: 'v6only.example.com', qtype: 'A', ns: [SOA] })
  })
  it('answers NODATA for types a name does not have', () => {
    check(world, { qname: 'web.example.com', qtype: 'MX', ns: [SOA] })
    check(world, { qname: 'web.example.com', qtype: 'TXT', ns: [SOA] })
  })
  it('answers TXT from DNSEndpoints', () => {
    check(world, { qname: 'txt.example.com', qtype: 'TXT', answer: ['txt.example.com. 60 IN TXT "v=spf1 -all"', 'txt.example.com. 60 IN TXT "hello"'] })
  })
  it('answers ANY at an ordinary name with every address and TXT it holds', () => {
    check(world, {
      qname: 'web.example.com',
      qtype: 'ANY',
      answer: ['web.example.com. 60 IN A 192.0.2.1', 'web.example.com. 60 IN A 192.0.2.2', 'web.example.com. 60 IN AAAA 2001:db8::1'],
    })
    check(world, { qname: 'txt.example.com', qtype: 'ANY', answer: ['txt.example.com. 60 IN TXT "v=spf1 -all"', 'txt.example.com. 60 IN TXT "hello"'] })
  })
  it('answers ANY at the apex with SOA, NS and its own records', () => {
    check(world, {
      qname: 'example.com',
      qtype: 'ANY',
      answer: [SOA, 'example.com. 30 IN NS dns1.kube-system.example.com.', 'example.com. 60 IN A 192.0.2.100', 'example.com. 60 IN MX 10 mail.example.com.'],
    })
  })
  it('never answers TXT or AAAA to an A question', () => {
    check(world, { qname: 'txt.example.com', qtype: 'A', ns: [SOA] })
    check(world, { qname: 'v6only.example.com', qtype: 'A', ns: [SOA] })
  })
  it('answers every type at a load-balancer hostname with a CNAME', () => {
    check(world, { qname: 'lb.example.com', qtype: 'A', answer: ['lb.example.com. 60 IN CNAME lb-123.elb.example.net.'] })
    check(world, { qname: 'lb.example.com', qtype: 'AAAA', answer: ['lb.example.com. 60 IN CNAME lb-123.elb.example.net.'] })
  })
})

describe('names that do not exist', () => {
  it('answers NXDOMAIN with the SOA in authority (RFC 2308 §3)', () => {
    check(world, { qname: 'nope.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
  it('answers NXDOMAIN for other types too, unlike k8s_gateway', () => {
    check(world, { qname: 'nope.example.com', qtype: 'MX', rcode: 'NXDOMAIN', ns: [SOA] })
  })
  it('answers NODATA for empty non-terminals (RFC 8020)', () => {
    check(world, { qname: 'b.example.com', qtype: 'A', ns: [SOA] })
    check(world, { qname: 'kube-system.example.com', qtype: 'A', ns: [SOA] })
  })
  it('answers NXDOMAIN below a name that exists', () => {
    check(world, { qname: 'x.web.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
})

describe('wildcards', () => {
  it('matches exactly one label', () => {
    check(world, { qname: 'foo.apps.example.com', qtype: 'A', answer: ['foo.apps.example.com. 60 IN A 192.0.2.20'] })
    check(world, { qname: 'x.foo.apps.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
  it('loses to an exact name', () => {
    check(world, { qname: 'exact.apps.example.com', qtype: 'A', answer: ['exact.apps.example.com. 60 IN A 192.0.2.21'] })
  })
  it('answers NODATA for a type the wildcard lacks (RFC 4592 §3.3.1)', () => {
    check(world, { qname: 'foo.apps.example.com', qtype: 'AAAA', ns: [SOA] })
  })
  it('does not answer for its own parent, which is an empty non-terminal', () => {
    check(world, { qname: 'apps.example.com', qtype: 'A', ns: [SOA] })
  })
  it('never answers the zone apex (k8s_gateway lets *.zone do so)', () => {
    const apexless = recordSet({ '*.example.com': { a: ['192.0.2.9'] } })
    check(apexless, { qname: 'example.com', qtype: 'A', ns: [SOA] })
    check(apexless, { qname: 'any.example.com', qtype: 'A', answer: ['any.example.com. 60 IN A 192.0.2.9'] })
  })
})

describe('the apex', () => {
  it('answers SOA', () => {
    check(world, { qname: 'example.com', qtype: 'SOA', answer: [SOA] })
  })
  it('answers NS with glue for the name server, A and AAAA', () => {
    check(world, {
      qname: 'example.com',
      qtype: 'NS',
      answer: ['example.com. 30 IN NS dns1.kube-system.example.com.'],
      extra: ['dns1.kube-system.example.com. 30 IN A 192.0.2.53', 'dns1.kube-system.example.com. 30 IN AAAA 2001:db8::53'],
    })
  })
  it('adds the secondary name server and its glue', () => {
    const zone = zoneMeta('example.com', {
      ns: [
        { name: 'dns1.kube-system.example.com', a: ['192.0.2.53'], aaaa: [] },
        { name: 'ns2.example.com', a: ['198.51.100.53'], aaaa: ['2001:db8::2'] },
      ],
    })
    check(recordSet({}, { zones: [zone] }), {
      qname: 'example.com',
      qtype: 'NS',
      answer: ['example.com. 30 IN NS dns1.kube-system.example.com.', 'example.com. 30 IN NS ns2.example.com.'],
      extra: ['dns1.kube-system.example.com. 30 IN A 192.0.2.53', 'ns2.example.com. 30 IN A 198.51.100.53', 'ns2.example.com. 30 IN AAAA 2001:db8::2'],
    })
  })
  it('answers the secondary name server host from its own records, with the zone TTL, as k8s_gateway does', () => {
    const zone = zoneMeta('example.com', {
      ns: [
        { name: 'dns1.kube-system.example.com', a: ['192.0.2.53'], aaaa: [] },
        { name: 'dns2.kube-system.example.com', a: ['192.0.2.54'], aaaa: [] },
      ],
    })
    const withSecondary = recordSet({ 'dns2.kube-system.example.com': { a: ['192.0.2.54'] } }, { zones: [zone] })
    check(withSecondary, { qname: 'dns2.kube-system.example.com', qtype: 'A', answer: ['dns2.kube-system.example.com. 60 IN A 192.0.2.54'] })
    check(withSecondary, { qname: 'dns1.kube-system.example.com', qtype: 'A', answer: ['dns1.kube-system.example.com. 30 IN A 192.0.2.53'] })
    const noRecords = recordSet({}, { zones: [zone] })
    check(noRecords, { qname: 'dns2.kube-system.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
  it('answers the name server host with its own addresses', () => {
    check(world, { qname: 'dns1.kube-system.example.com', qtype: 'A', answer: ['dns1.kube-system.example.com. 30 IN A 192.0.2.53'] })
    check(world, { qname: 'dns1.kube-system.example.com', qtype: 'AAAA', answer: ['dns1.kube-system.example.com. 30 IN AAAA 2001:db8::53'] })
    check(world, { qname: 'dns1.kube-system.example.com', qtype: 'TXT', ns: [SOA] })
  })
  it('answers addresses a resource gives the apex itself', () => {
    check(world, { qname: 'example.com', qtype: 'A', answer: ['example.com. 60 IN A 192.0.2.100'] })
    check(world, { qname: 'example.com', qtype: 'AAAA', ns: [SOA] })
  })
  it('spells the SOA owner as the question spelled the zone', () => {
    check(world, { qname: 'nope.EXAMPLE.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA.replace(/^example\.com/, 'EXAMPLE.com')] })
  })
})

describe('zones', () => {
  const nested = recordSet(
    { 'web.example.com': { a: ['192.0.2.1'] }, 'web.dev.example.com': { a: ['192.0.2.2'] } },
    { zones: [zoneMeta('example.com'), zoneMeta('dev.example.com', { ttl: 5 })] },
  )
  it('picks the longest matching zone', () => {
    check(nested, { qname: 'web.dev.example.com', qtype: 'A', answer: ['web.dev.example.com. 5 IN A 192.0.2.2'] })
    check(nested, {
      qname: 'nope.dev.example.com',
      qtype: 'A',
      rcode: 'NXDOMAIN',
      ns: ['dev.example.com. 30 IN SOA dns1.kube-system.dev.example.com. hostmaster.dns1.kube-system.dev.example.com. 12345 7200 1800 86400 30'],
    })
  })
  it('picks the longest matching zone whichever is listed first', () => {
    const childFirst = { ...nested, zones: [...nested.zones].reverse() }
    const devSoa = 'dev.example.com. 30 IN SOA dns1.kube-system.dev.example.com. hostmaster.dns1.kube-system.dev.example.com. 12345 7200 1800 86400 30'
    for (const set of [nested, childFirst]) {
      check(set, { qname: 'dev.example.com', qtype: 'SOA', answer: [devSoa] })
      check(set, { qname: 'web.dev.example.com', qtype: 'A', answer: ['web.dev.example.com. 5 IN A 192.0.2.2'] })
      check(set, { qname: 'web.example.com', qtype: 'A', answer: ['web.example.com. 60 IN A 192.0.2.1'] })
    }
  })
  it('refuses names outside every zone when no upstream is configured', () => {
    check(world, { qname: 'example.org', qtype: 'A', rcode: 'REFUSED' })
    check(world, { qname: 'notexample.com', qtype: 'A', rcode: 'REFUSED' })
    // inside the server block, but there is no one to relay to
    check({ ...world, serverBlock: [''] }, { qname: 'example.org', qtype: 'A', rcode: 'REFUSED' })
  })
  it('refuses classes other than IN', () => {
    check(world, { qname: 'web.example.com', qtype: 'A', qclass: 'CH', rcode: 'REFUSED' })
  })
})

describe('fallthrough and upstream', () => {
  const upstream = 'https://upstream.test/dns-query'
  const open = recordSet({ 'web.example.com': { a: ['192.0.2.1'] }, 'a.b.example.com': { a: ['192.0.2.3'] } }, { upstream, fallthrough: { zones: [] } })
  it('forwards names outside the zones but inside the server block (a "." block relays all)', () => {
    const resolver = { ...open, serverBlock: [''] }
    check(resolver, { qname: 'example.org', qtype: 'A', forward: upstream })
    check({ ...open, serverBlock: ['example.com', 'corp.example'] }, { qname: 'x.corp.example', qtype: 'A', forward: upstream })
  })
  it('refuses names outside every key of the server block, upstream or not (CoreDNS routing)', () => {
    check(open, { qname: 'example.org', qtype: 'A', rcode: 'REFUSED' })
    check({ ...open, serverBlock: ['example.com'] }, { qname: 'www.google.com', qtype: 'A', rcode: 'REFUSED' })
  })
  it('refuses other classes even with a "." block and an upstream', () => {
    check({ ...open, serverBlock: [''] }, { qname: 'web.example.com', qtype: 'A', qclass: 'CH', rcode: 'REFUSED' })
    check({ ...open, serverBlock: [''] }, { qname: 'example.org', qtype: 'A', qclass: 'CH', rcode: 'REFUSED' })
  })
  it('never treats a label holding a dot as labels of our zone', () => {
    // labels "web.example" and "com": a name below "com", not web.example.com
    check(world, { qname: 'web\\.example.com', qtype: 'A', rcode: 'REFUSED' })
    check(world, { qname: 'x.web\\.example.com', qtype: 'A', rcode: 'REFUSED' })
    check(world, { qname: 'we\\255b.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
  it('forwards misses and empty non-terminals, but answers what it holds', () => {
    check(open, { qname: 'nope.example.com', qtype: 'A', forward: upstream })
    check(open, { qname: 'b.example.com', qtype: 'A', forward: upstream })
    check(open, { qname: 'web.example.com', qtype: 'AAAA', ns: [SOA] })
    check(open, { qname: 'example.com', qtype: 'SOA', answer: [SOA] })
  })
  it('falls through only in the zones listed', () => {
    const listed = { ...open, fallthrough: { zones: ['other.example.com'] } }
    check(listed, { qname: 'nope.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
  it('answers NXDOMAIN when an upstream is configured but no fallthrough', () => {
    const closed = { ...open, fallthrough: null }
    check(closed, { qname: 'nope.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
    check(closed, { qname: 'b.example.com', qtype: 'A', ns: [SOA] })
  })
  it('answers NXDOMAIN when fallthrough has no upstream to go to', () => {
    check({ ...open, upstream: null }, { qname: 'nope.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
})

describe('MX, SRV and CAA (DNSEndpoint record types)', () => {
  it('answers MX with the name\'s own TTL (recordTTL), at the apex with the zone TTL', () => {
    check(world, {
      qname: 'mail.example.com',
      qtype: 'MX',
      answer: ['mail.example.com. 300 IN MX 10 mail.example.com.', 'mail.example.com. 300 IN MX 20 backup.example.net.'],
    })
    check(world, { qname: 'example.com', qtype: 'MX', answer: ['example.com. 60 IN MX 10 mail.example.com.'] })
    check(world, { qname: 'mail.example.com', qtype: 'A', answer: ['mail.example.com. 300 IN A 192.0.2.25'] })
  })
  it('answers a null MX (RFC 7505) with the root as exchange', () => {
    check(world, { qname: 'nomail.example.com', qtype: 'MX', answer: ['nomail.example.com. 60 IN MX 0 .'] })
  })
  it('answers SRV and CAA', () => {
    check(world, {
      qname: '_sip._udp.example.com',
      qtype: 'SRV',
      answer: ['_sip._udp.example.com. 60 IN SRV 10 5 5060 sip.example.com.', '_sip._udp.example.com. 60 IN SRV 20 0 5060 sip2.example.com.'],
    })
    check(world, {
      qname: 'mail.example.com',
      qtype: 'CAA',
      answer: ['mail.example.com. 300 IN CAA 0 issue "letsencrypt.org"', 'mail.example.com. 300 IN CAA 128 iodef "mailto:ca@example.com"'],
    })
  })
  it('answers NODATA for MX asked of a name with addresses only, and for A of an MX-only name', () => {
    check(world, { qname: 'v4only.example.com', qtype: 'MX', ns: [SOA] })
    check(world, { qname: 'nomail.example.com', qtype: 'A', ns: [SOA] })
    check(world, { qname: '_sip._udp.example.com', qtype: 'TXT', ns: [SOA] })
    check(world, { qname: 'web.example.com', qtype: 'CAA', ns: [SOA] })
  })
  it('answers NXDOMAIN for MX and SRV of names that do not exist; an SRV parent is an empty non-terminal', () => {
    check(world, { qname: 'nope.example.com', qtype: 'MX', rcode: 'NXDOMAIN', ns: [SOA] })
    check(world, { qname: '_tcp._sip.example.com', qtype: 'SRV', rcode: 'NXDOMAIN', ns: [SOA] })
    check(world, { qname: '_udp.example.com', qtype: 'SRV', ns: [SOA] })
  })
  it('answers MX at a CNAME with the CNAME (RFC 1034 §3.6.2)', () => {
    check(world, { qname: 'lb.example.com', qtype: 'MX', answer: ['lb.example.com. 60 IN CNAME lb-123.elb.example.net.'] })
    check(world, { qname: 'lb.example.com', qtype: 'CAA', answer: ['lb.example.com. 60 IN CNAME lb-123.elb.example.net.'] })
  })
  it('answers ANY with every type a name holds', () => {
    check(world, {
      qname: 'mail.example.com',
      qtype: 'ANY',
      answer: [
        'mail.example.com. 300 IN A 192.0.2.25',
        'mail.example.com. 300 IN MX 10 mail.example.com.',
        'mail.example.com. 300 IN MX 20 backup.example.net.',
        'mail.example.com. 300 IN CAA 0 issue "letsencrypt.org"',
        'mail.example.com. 300 IN CAA 128 iodef "mailto:ca@example.com"',
      ],
    })
  })
  it('synthesizes MX from a wildcard, and NODATA for the types it lacks', () => {
    check(world, { qname: 'host.mx.example.com', qtype: 'MX', answer: ['host.mx.example.com. 60 IN MX 5 in.example.com.'] })
    check(world, { qname: 'host.mx.example.com', qtype: 'A', ns: [SOA] })
  })
})

describe('reverse zones (PTR)', () => {
  it('answers PTR for an address we serve, several names sorted', () => {
    check(world, { qname: `1.${REVERSE}`, qtype: 'PTR', answer: [`1.${REVERSE}. 60 IN PTR web.example.com.`] })
    check(world, { qname: `100.${REVERSE}`, qtype: 'PTR', answer: [`100.${REVERSE}. 60 IN PTR example.com.`, `100.${REVERSE}. 60 IN PTR www.example.com.`] })
    check(world, { qname: `25.${REVERSE}`, qtype: 'PTR', answer: [`25.${REVERSE}. 300 IN PTR mail.example.com.`] })
  })
  it('answers NXDOMAIN for an address we do not serve, with the reverse zone\'s SOA', () => {
    check(world, { qname: `99.${REVERSE}`, qtype: 'PTR', rcode: 'NXDOMAIN', ns: [REVERSE_SOA] })
  })
  it('answers NODATA for other types at a PTR name, never an empty non-terminal', () => {
    check(world, { qname: `1.${REVERSE}`, qtype: 'A', ns: [REVERSE_SOA] })
    check(world, { qname: `1.${REVERSE}`, qtype: 'ANY', answer: [`1.${REVERSE}. 60 IN PTR web.example.com.`] })
  })
  it('answers the reverse zone apex SOA and NS like any zone', () => {
    check(world, { qname: REVERSE, qtype: 'SOA', answer: [REVERSE_SOA] })
    check(world, {
      qname: REVERSE,
      qtype: 'NS',
      answer: [`${REVERSE}. 30 IN NS dns1.kube-system.${REVERSE}.`],
      extra: [`dns1.kube-system.${REVERSE}. 30 IN A 192.0.2.53`, `dns1.kube-system.${REVERSE}. 30 IN AAAA 2001:db8::53`],
    })
    check(world, { qname: REVERSE, qtype: 'PTR', ns: [REVERSE_SOA] })
  })
  it('refuses reverse names outside the reverse zones', () => {
    check(world, { qname: '1.3.0.192.in-addr.arpa', qtype: 'PTR', rcode: 'REFUSED' })
  })
  it('sends misses upstream with `fallthrough in-addr.arpa`, and answers what it holds', () => {
    const upstream = 'https://upstream.test/dns-query'
    const open = { ...world, upstream, fallthrough: { zones: ['in-addr.arpa'] } }
    check(open, { qname: `99.${REVERSE}`, qtype: 'PTR', forward: upstream })
    check(open, { qname: `1.${REVERSE}`, qtype: 'PTR', answer: [`1.${REVERSE}. 60 IN PTR web.example.com.`] })
    check(open, { qname: `1.${REVERSE}`, qtype: 'TXT', ns: [REVERSE_SOA] })
    check(open, { qname: 'nope.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
  it('serves the whole in-addr.arpa as one zone, empty non-terminals included', () => {
    const whole = recordSet({ '10.2.0.192.in-addr.arpa': { ptr: ['web.example.com'] } }, { zones: [zoneMeta('example.com'), zoneMeta('in-addr.arpa')] })
    const soa = 'in-addr.arpa. 30 IN SOA dns1.kube-system.in-addr.arpa. hostmaster.dns1.kube-system.in-addr.arpa. 12345 7200 1800 86400 30'
    check(whole, { qname: '10.2.0.192.in-addr.arpa', qtype: 'PTR', answer: ['10.2.0.192.in-addr.arpa. 60 IN PTR web.example.com.'] })
    check(whole, { qname: '0.192.in-addr.arpa', qtype: 'PTR', ns: [soa] })
    check(whole, { qname: '11.2.0.192.in-addr.arpa', qtype: 'PTR', rcode: 'NXDOMAIN', ns: [soa] })
  })
})
