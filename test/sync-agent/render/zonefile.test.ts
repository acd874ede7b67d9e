/**
 * Zone export: each zone as an RFC 1035 master file, the same records the worker answers, and
 * loadable by a real zone parser (BIND's named-checkzone, from Debian's bind9-utils).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { zoneFile } from '../../../sync-agent/render/zonefile.ts'
import { answerWorld, REVERSE } from '../../helpers/answer-world.ts'
import { recordSet, zoneMeta } from '../../helpers/recordset.ts'

const dir = mkdtempSync(join(tmpdir(), 'zonefile-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * named-checkzone's verdict on `text` as zone `zone`: strict, every check an error (-k/-n/-m
 * fail, -i full: MX and SRV targets must have addresses too); otherwise as a BIND primary
 * loads a zone by default (syntax and names fatal, dangling MX/SRV targets warned).
 */
function checkZone(zone: string, text: string, strict = true): string {
  const file = join(dir, `${zone}.zone`)
  writeFileSync(file, text)
  const checks = strict ? ['-k', 'fail', '-n', 'fail', '-m', 'fail', '-M', 'fail', '-S', 'fail', '-i', 'full'] : ['-k', 'fail', '-n', 'fail']
  try {
    return execFileSync('named-checkzone', [...checks, zone, file], { encoding: 'utf8' })
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string }
    if (e.code === 'ENOENT') throw new Error('named-checkzone not found: apt-get install bind9-utils (scripts/ensure-tools.sh)')
    throw new Error(`named-checkzone refused ${zone}:\n${e.stdout}\n${text}`)
  }
}

describe('zone files', () => {
  const zone = zoneMeta('example.com')
  const set = recordSet({
    'example.com': { a: ['192.0.2.100'], mx: [{ preference: 10, exchange: 'mail.example.com' }], txt: ['v=spf1 -all'] },
    'mail.example.com': { a: ['192.0.2.25'], caa: [{ flags: 0, tag: 'issue', value: 'letsencrypt.org' }], ttl: 300 },
    '_sip._udp.example.com': { srv: [{ priority: 10, weight: 5, port: 5060, target: 'sip.example.com' }] },
    '*.apps.example.com': { aaaa: ['2001:db8::20'] },
    'lb.example.com': { cname: 'lb-1.elb.example.net' },
    'quote.example.com': { txt: ['say "hi" \\ é'] },
  }, { zones: [zone] })

  it('starts with the SOA, then NS, then every name in canonical order as the worker answers ANY', () => {
    expect(zoneFile(set, zone)).toBe(
      [
        '; zone example.com, owner default, record-set version 3',
        'example.com. 30 IN SOA dns1.kube-system.example.com. hostmaster.dns1.kube-system.example.com. 12345 7200 1800 86400 30',
        'example.com. 30 IN NS dns1.kube-system.example.com.',
        'example.com. 60 IN A 192.0.2.100',
        'example.com. 60 IN TXT "v=spf1 -all"',
        'example.com. 60 IN MX 10 mail.example.com.',
        '_sip._udp.example.com. 60 IN SRV 10 5 5060 sip.example.com.',
        '*.apps.example.com. 60 IN AAAA 2001:db8::20',
        'dns1.kube-system.example.com. 30 IN A 192.0.2.53',
        'dns1.kube-system.example.com. 30 IN AAAA 2001:db8::53',
        'lb.example.com. 60 IN CNAME lb-1.elb.example.net.',
        'mail.example.com. 300 IN A 192.0.2.25',
        'mail.example.com. 300 IN CAA 0 issue "letsencrypt.org"',
        'quote.example.com. 60 IN TXT "say \\"hi\\" \\\\ \\195\\169"',
        '',
      ].join('\n'),
    )
  })

  it('is loaded by named-checkzone with every check fatal', () => {
    expect(checkZone('example.com', zoneFile(set, zone))).toContain('OK')
  })

  it('delegates a nested zone with NS and glue, and leaves its names to its own file', () => {
    const dev = zoneMeta('dev.example.com')
    const nested = recordSet({ 'web.example.com': { a: ['192.0.2.1'] }, 'web.dev.example.com': { a: ['192.0.2.2'] } }, { zones: [zone, dev] })
    const parent = zoneFile(nested, zone)
    expect(parent).not.toContain('web.dev.example.com')
    expect(parent).toContain('dev.example.com. 30 IN NS dns1.kube-system.dev.example.com.\ndns1.kube-system.dev.example.com. 30 IN A 192.0.2.53\n')
    expect(zoneFile(nested, dev)).toContain('web.dev.example.com. 60 IN A 192.0.2.2')
    expect(checkZone('example.com', parent)).toContain('OK')
    expect(checkZone('dev.example.com', zoneFile(nested, dev))).toContain('OK')
  })

  it('exports the reverse zone with its PTR names, loadable too', () => {
    const reverse = answerWorld.zones.find((z) => z.zone === REVERSE)!
    const text = zoneFile(answerWorld, reverse)
    expect(text).toContain(`100.${REVERSE}. 60 IN PTR example.com.\n100.${REVERSE}. 60 IN PTR www.example.com.\n`)
    expect(text).not.toContain('web.example.com. 60 IN A')
    expect(checkZone(REVERSE, text)).toContain('OK')
    const forward = answerWorld.zones.find((z) => z.zone === 'example.com')!
    // The world's MX and SRV point at hosts it does not serve: a warning for BIND, not an error.
    expect(checkZone('example.com', zoneFile(answerWorld, forward), false)).toContain('OK')
  })

  it('writes a load balancer\'s CNAME at the apex as a comment, so the file still loads', () => {
    const apexLb = recordSet({ 'example.com': { cname: 'lb.example.net' } }, { zones: [zone] })
    const text = zoneFile(apexLb, zone)
    expect(text).toContain('; example.com. 60 IN CNAME lb.example.net. (the edge answers this CNAME at the apex; a zone file cannot hold it)\n')
    expect(checkZone('example.com', text)).toContain('OK')
  })

  it('fails named-checkzone when a record is broken, so the check can tell', () => {
    expect(() => checkZone('example.com', zoneFile(set, zone).replace('IN MX 10', 'IN MX 70000'))).toThrow(/refused/)
  })
})

describe('zone file contents', () => {
  const zone = zoneMeta('example.com')

  it('orders parents before their children, whatever order the names come in', () => {
    const set = recordSet({ 'a.web.example.com': { a: ['192.0.2.2'] }, 'web.example.com': { a: ['192.0.2.1'] }, 'b.example.com': { a: ['192.0.2.3'] } }, { zones: [zone] })
    const owners = zoneFile(set, zone).split('\n').filter((l) => / IN A /.test(l)).map((l) => l.split(' ')[0])
    expect(owners).toEqual(['b.example.com.', 'dns1.kube-system.example.com.', 'web.example.com.', 'a.web.example.com.'])
  })

  it('writes no line for an empty non-terminal or a name server without glue', () => {
    const bare = zoneMeta('example.com', { ns: [{ name: 'dns1.kube-system.example.com', a: [], aaaa: [] }] })
    const set = recordSet({ 'ent.example.com': {}, 'x.ent.example.com': { a: ['192.0.2.1'] } }, { zones: [bare] })
    expect(zoneFile(set, bare)).toBe(
      [
        '; zone example.com, owner default, record-set version 3',
        'example.com. 30 IN SOA dns1.kube-system.example.com. hostmaster.dns1.kube-system.example.com. 12345 7200 1800 86400 30',
        'example.com. 30 IN NS dns1.kube-system.example.com.',
        'x.ent.example.com. 60 IN A 192.0.2.1',
        '',
      ].join('\n'),
    )
  })

  it('delegates only the zones nested in this one, not its siblings', () => {
    const org = zoneMeta('example.org')
    const set = recordSet({}, { zones: [zone, org] })
    expect(zoneFile(set, zone)).not.toContain('example.org')
    expect(zoneFile(set, org)).not.toContain('example.com')
  })

  it('gives glue only for the name servers below the cut', () => {
    const dev = zoneMeta('dev.example.com', {
      ns: [
        { name: 'dns1.kube-system.dev.example.com', a: ['192.0.2.53'], aaaa: [] },
        { name: 'ns.example.net', a: ['198.51.100.53'], aaaa: [] },
      ],
    })
    const text = zoneFile(recordSet({}, { zones: [zone, dev] }), zone)
    expect(text).toContain('dev.example.com. 30 IN NS ns.example.net.\n')
    expect(text).toContain('dns1.kube-system.dev.example.com. 30 IN A 192.0.2.53\n')
    expect(text).not.toContain('198.51.100.53')
  })

  it('names the root zone "."', () => {
    const root = zoneMeta('', { ns: [{ name: 'dns1.kube-system', a: ['192.0.2.53'], aaaa: [] }], hostmaster: 'hostmaster.dns1.kube-system' })
    expect(zoneFile(recordSet({}, { zones: [root] }), root).split('\n')[0]).toBe('; zone ., owner default, record-set version 3')
  })
})

