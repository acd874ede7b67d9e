/**
 * DNSEndpoint record types and reverse zones on a real API server: one DNSEndpoint with every
 * type the agent serves (A, CNAME, MX, SRV, CAA, TXT, PTR, recordTTL) and an Ingress, under
 * `example.com 2.0.192.in-addr.arpa`; each answered over DoH, PTR names derived from the
 * addresses; changing the objects changes the answers, deleting them removes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { dohQuery, RCODE, rcodeOf } from '../harness/dns.ts'
import { makeTempDir, sleep } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { converge, firstSync, freshNamespace, remove, table, type Expected } from './support.ts'

const REVERSE = '2.0.192.in-addr.arpa'
const COREFILE = `example.com ${REVERSE} {\n  k8s_gateway {\n    resources DNSEndpoint Ingress\n    ttl 30\n  }\n}\n`
const SETTLE_MS = 1_100

const mx = (preference: number, exchange: string) => JSON.stringify({ preference, exchange })

describe('DNSEndpoint record types and PTR', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let agent: AgentProc
  let ns: string
  const tmp = makeTempDir('scenario-record-types-')
  const rows: (string | number)[][] = []

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.applyCrds({ groups: ['external-dns'] })
    ns = await freshNamespace(cluster, 'types')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir })
    agent = await startAgent({ corefile: COREFILE, kubeconfigPath: cluster.kubeconfigPath, persistTo: tmp.dir, workDir: tmp.dir })
    await firstSync(agent)
  })

  afterAll(async () => {
    if (rows.length) table('record types: ms from the API write to the first matching DoH answer', ['step', 'ms'], rows)
    await agent?.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  const wait = (name: string, type: string, want: Expected) => converge(worker.dohUrl, name, type, want, { agent })

  const endpoints = (web: string, exchange: string) => ({
    apiVersion: 'externaldns.k8s.io/v1alpha1',
    kind: 'DNSEndpoint',
    metadata: { name: 'records', namespace: ns },
    spec: {
      endpoints: [
        { dnsName: 'web.example.com', recordType: 'A', targets: [web] },
        { dnsName: 'docs.example.com', recordType: 'CNAME', targets: ['web.example.com'] },
        { dnsName: 'example.com', recordType: 'MX', targets: [`10 ${exchange}`, '20 backup.example.net'], recordTTL: 600 },
        { dnsName: '_imaps._tcp.example.com', recordType: 'SRV', targets: [`10 1 993 ${exchange}`] },
        { dnsName: 'example.com', recordType: 'CAA', targets: ['0 issue "letsencrypt.org"'] },
        { dnsName: '99.2.0.192.in-addr.arpa', recordType: 'PTR', targets: ['printer.example.com'] },
        // A bad target is skipped with a warning; the endpoint's other target is served.
        { dnsName: 'txt.example.com', recordType: 'TXT', targets: ['hello'] },
        { dnsName: 'bad.example.com', recordType: 'MX', targets: ['not-a-number mail.example.com', '5 ok.example.com'] },
      ],
    },
  })
  const ingress = () => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'shop', namespace: ns },
    spec: { rules: [{ host: 'shop.example.com' }, { host: 'www.example.com' }] },
  })

  it('answers every type over DoH, and PTR for the addresses served', async () => {
    const t0 = Date.now()
    await cluster.kube.apply(endpoints('192.0.2.10', 'mail.example.com'))
    await cluster.kube.applyStatus(await cluster.kube.apply(ingress()), { loadBalancer: { ingress: [{ ip: '192.0.2.20' }] } })
    await wait('web.example.com', 'A', ['192.0.2.10'])
    rows.push(['create', Date.now() - t0])
    await wait('docs.example.com', 'CNAME', ['web.example.com'])
    await wait('example.com', 'MX', [mx(10, 'mail.example.com'), mx(20, 'backup.example.net')])
    await wait('_imaps._tcp.example.com', 'SRV', [JSON.stringify({ priority: 10, weight: 1, port: 993, target: 'mail.example.com' })])
    await wait('example.com', 'CAA', [JSON.stringify({ flags: 0, tag: 'issue', value: 'letsencrypt.org', issuerCritical: false })])
    await wait('bad.example.com', 'MX', [mx(5, 'ok.example.com')])
    await wait(`10.${REVERSE}`, 'PTR', ['web.example.com'])
    await wait(`20.${REVERSE}`, 'PTR', ['shop.example.com', 'www.example.com'])
    await wait(`99.${REVERSE}`, 'PTR', ['printer.example.com'])
    await wait(`77.${REVERSE}`, 'PTR', 'NXDOMAIN')
    // The MX endpoint's recordTTL is the apex records' TTL; the A keeps the zone's.
    const ttls = async (name: string, type: string) => ((await dohQuery(worker.dohUrl, name, type)).answers ?? []).map((a) => (a as { ttl?: number }).ttl)
    expect(await ttls('example.com', 'MX')).toEqual([600, 600])
    expect(await ttls('web.example.com', 'A')).toEqual([30])
    // The reverse zone's apex works like any zone's.
    const soa = await dohQuery(worker.dohUrl, REVERSE, 'SOA')
    expect(soa.answers!.map((a) => [a.name, a.type])).toEqual([[REVERSE, 'SOA']])
    expect(agent.logs().some((l) => JSON.stringify(l).includes(`DNSEndpoint ${ns}/records: bad.example.com: MX target`))).toBe(true)
  })

  it('follows a changed address and a changed MX, the PTR moving with the address', async () => {
    await sleep(SETTLE_MS)
    const t0 = Date.now()
    await cluster.kube.apply(endpoints('192.0.2.11', 'mx.example.com'))
    await wait(`11.${REVERSE}`, 'PTR', ['web.example.com'])
    rows.push(['address and MX changed', Date.now() - t0])
    await wait(`10.${REVERSE}`, 'PTR', 'NXDOMAIN')
    await wait('example.com', 'MX', [mx(10, 'mx.example.com'), mx(20, 'backup.example.net')])
    await wait('_imaps._tcp.example.com', 'SRV', [JSON.stringify({ priority: 10, weight: 1, port: 993, target: 'mx.example.com' })])
  })

  it('removes the records and their PTR names when the objects are deleted', async () => {
    await sleep(SETTLE_MS)
    const t0 = Date.now()
    await remove(cluster, endpoints('192.0.2.11', 'mx.example.com'))
    await remove(cluster, ingress())
    await wait(`20.${REVERSE}`, 'PTR', 'NXDOMAIN')
    rows.push(['deleted', Date.now() - t0])
    await wait(`11.${REVERSE}`, 'PTR', 'NXDOMAIN')
    await wait(`99.${REVERSE}`, 'PTR', 'NXDOMAIN')
    await wait('docs.example.com', 'CNAME', 'NXDOMAIN')
    // The apex stays: SOA and NS, and NODATA for the MX it no longer has.
    const gone = await dohQuery(worker.dohUrl, 'example.com', 'MX')
    expect([rcodeOf(gone), gone.answers]).toEqual([RCODE.NOERROR, []])
  })
})
