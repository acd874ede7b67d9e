/**
 * Differential test: the same objects on one API server, the same `k8s_gateway` Corefile block,
 * every question of a generated corpus asked over DoH of both CoreDNS + k8s_gateway v0.4.0 (the
 * reference, see test/e2e/README.md) and our agent + worker. Each reply pair either agrees
 * exactly (compare.ts says what "exactly" means) or differs for a reason listed in
 * known-differences.ts; any other difference fails with a table of question, ours, theirs.
 *
 * Run alone: npx vitest run --config test/e2e/vitest.config.ts test/e2e/differential
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { startCoreDNS, type CoreDNS } from '../harness/coredns.ts'
import { dohQuery, encodeQuery, RCODE, rcodeOf } from '../harness/dns.ts'
import { makeTempDir, progress, sleep, waitFor } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { hasAnswer, normalize, sameButTtl, sameReply, serialDiffers, showReply, undecodable, type Reply } from './compare.ts'
import { buildCorpus, type Corpus, type Fixture, type Question } from './corpus.ts'
import { classify, KNOWN_DIFFERENCES } from './known-differences.ts'

const CONCURRENCY = 6

interface Outcome {
  q: Question
  ours: Reply
  theirs: Reply
  verdict: 'same' | 'known' | 'unclassified'
  reason?: string
}

const errorReply = (message: string): Reply => ({ rcode: `ERROR(${message})`, aa: false, answer: [], authority: [], additional: [], serials: [] })

/** The reply bytes of a GET (what dohQuery sends), for replies dns-packet cannot decode. */
async function rawReply(url: string, q: Question): Promise<Uint8Array> {
  const u = new URL(url)
  u.searchParams.set('dns', Buffer.from(encodeQuery(q.name, q.type, 0, q.qclass)).toString('base64url'))
  const res = await fetch(u, { headers: { accept: 'application/dns-message' }, signal: AbortSignal.timeout(10_000) })
  return new Uint8Array(await res.arrayBuffer())
}

async function ask(url: string, q: Question): Promise<Reply> {
  for (let attempt = 1; ; attempt++) {
    try {
      return normalize(await dohQuery(url, q.name, q.type, { qclass: q.qclass, timeoutMs: 10_000 }))
    } catch (e) {
      const message = (e as Error).message
      if (/decode/i.test(message)) return undecodable(await rawReply(url, q))
      if (attempt >= 3) return errorReply(message.slice(0, 120))
      await sleep(500)
    }
  }
}

async function pool<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i]!)
      }
    }),
  )
  return out
}

const qText = (q: Question): string => `${q.name} ${q.qclass === 'IN' ? '' : `${q.qclass} `}${q.type}`

function judge(q: Question, ours: Reply, theirs: Reply): Outcome {
  if (sameReply(ours, theirs)) return { q, ours, theirs, verdict: 'same' }
  const known = classify(q, ours, theirs)
  if (known) return { q, ours, theirs, verdict: 'known', reason: known.id }
  return { q, ours, theirs, verdict: 'unclassified' }
}

describe('differential: agent + worker vs CoreDNS + k8s_gateway v0.4.0', () => {
  const run = `diff-${Date.now().toString(36)}`
  const tmp = makeTempDir('k8s-gateway-doh-diff-')
  let cluster: Cluster | undefined
  let coredns: CoreDNS | undefined
  let worker: LocalWorker | undefined
  let agent: AgentProc | undefined
  let corpus: Corpus

  const applyAll = async (fixtures: Fixture[]): Promise<void> => {
    for (const f of fixtures) {
      await cluster!.kube.apply(f.object)
      if (f.status !== undefined) await cluster!.kube.applyStatus(f.object, f.status)
    }
  }

  beforeAll(async () => {
    const t0 = Date.now()
    corpus = buildCorpus(run)
    cluster = await startCluster()
    await cluster.applyCrds()
    await applyAll(corpus.fixtures)
    progress(`differential: ${corpus.fixtures.length} objects applied`)
    const indented = corpus.corefileBlock
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')
    ;[coredns, worker] = await Promise.all([
      startCoreDNS({ corefileBlock: corpus.corefileBlock, kubeconfigPath: cluster.kubeconfigPath }),
      startWorker({ persistTo: tmp.dir, logDir: tmp.dir }),
    ])
    agent = await startAgent({ corefile: `. {\n${indented}\n}\n`, kubeconfigPath: cluster.kubeconfigPath, persistTo: tmp.dir, workDir: tmp.dir })
    // Sentinels go last, one per kind: when each answers, each side has seen every object before it.
    await applyAll(corpus.sentinels.fixtures)
    for (const s of corpus.sentinels.names) {
      const targets = s.on === 'both' ? [['coredns', coredns.dohUrl] as const, ['ours', worker.dohUrl] as const] : [['ours', worker.dohUrl] as const]
      for (const [who, url] of targets) {
        await waitFor(
          `${who} to answer sentinel ${s.name} ${s.type}`,
          async () => {
            const msg = await dohQuery(url, s.name, s.type, { timeoutMs: 5_000 })
            return rcodeOf(msg) === RCODE.NOERROR && (msg.answers ?? []).length > 0 ? true : undefined
          },
          { timeoutMs: 120_000, intervalMs: 500, onTimeout: () => (who === 'ours' ? agent!.proc.tail() : coredns!.tail()) },
        )
      }
    }
    progress(`differential: both sides synced (${Date.now() - t0} ms since start)`)
  })

  afterAll(async () => {
    await agent?.stop()
    await worker?.stop()
    await coredns?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  it('answers every corpus question as k8s_gateway does, or differs for a documented reason', async () => {
    const t0 = Date.now()
    const questions = corpus.questions
    progress(`differential: asking ${questions.length} questions of both sides (${corpus.names.size} names)`)
    let outcomes = await pool(questions, CONCURRENCY, async (q) => {
      const [ours, theirs] = await Promise.all([ask(worker!.dohUrl, q), ask(coredns!.dohUrl, q)])
      return judge(q, ours, theirs)
    })
    // A difference nothing explains is asked once more after a pause, to rule out a late sync.
    const retry = outcomes.filter((o) => o.verdict === 'unclassified')
    if (retry.length > 0) {
      progress(`differential: re-asking ${retry.length} unclassified questions after 3 s`)
      await sleep(3_000)
      const again = await pool(retry, CONCURRENCY, async (o) => {
        const [ours, theirs] = await Promise.all([ask(worker!.dohUrl, o.q), ask(coredns!.dohUrl, o.q)])
        return judge(o.q, ours, theirs)
      })
      const byQ = new Map(again.map((o) => [o.q, o]))
      outcomes = outcomes.map((o) => byQ.get(o.q) ?? o)
    }

    // ---- summary
    const same = outcomes.filter((o) => o.verdict === 'same')
    const known = outcomes.filter((o) => o.verdict === 'known')
    const unclassified = outcomes.filter((o) => o.verdict === 'unclassified')
    const ttlOnly = unclassified.filter((o) => sameButTtl(o.ours, o.theirs))
    const serials = outcomes.filter((o) => serialDiffers(o.ours, o.theirs)).length
    const lines: string[] = []
    lines.push(`differential summary (${((Date.now() - t0) / 1000).toFixed(1)} s of queries)`)
    lines.push(`  corpus: ${outcomes.length} questions over ${corpus.names.size} names, ${corpus.fixtures.length} objects, zones ${corpus.zones.join(' ')}`)
    lines.push(`  agree exactly: ${same.length} (${same.filter((o) => hasAnswer(o.ours)).length} with answer records)`)
    lines.push(`  differ for a known reason: ${known.length}`)
    for (const d of KNOWN_DIFFERENCES) {
      const hits = known.filter((o) => o.reason === d.id)
      if (hits.length === 0) continue
      lines.push(`    ${String(hits.length).padStart(4)}  ${d.id}  [${d.source}]`)
      lines.push(`          e.g. ${qText(hits[0]!.q)}: ours ${showReply(hits[0]!.ours)} | theirs ${showReply(hits[0]!.theirs)}`)
    }
    const unused = KNOWN_DIFFERENCES.filter((d) => !known.some((o) => o.reason === d.id)).map((d) => d.id)
    if (unused.length) lines.push(`  known reasons not seen with this reference: ${unused.join(', ')}`)
    lines.push(`  SOA serial differs (README row "SOA serial", not compared): ${serials} replies`)
    lines.push(`  UNCLASSIFIED: ${unclassified.length}${ttlOnly.length ? ` (${ttlOnly.length} differ in TTL only)` : ''}`)
    if (unclassified.length) {
      lines.push('  | question | ours | theirs (k8s_gateway v0.4.0) |')
      lines.push('  | --- | --- | --- |')
      for (const o of unclassified) lines.push(`  | ${qText(o.q)} [${o.q.tags.join(',')}] | ${showReply(o.ours)} | ${showReply(o.theirs)} |`)
    }
    progress(lines.join('\n'))

    expect(outcomes.length).toBeGreaterThanOrEqual(300)
    // Not vacuous: plenty of positive answers agree.
    expect(same.filter((o) => hasAnswer(o.ours)).length).toBeGreaterThanOrEqual(50)
    expect(outcomes.filter((o) => o.ours.rcode.startsWith('ERROR') || o.theirs.rcode.startsWith('ERROR')).map((o) => qText(o.q))).toEqual([])
    expect(unclassified.map((o) => `${qText(o.q)} | ours ${showReply(o.ours)} | theirs ${showReply(o.theirs)}`)).toEqual([])
  })
})
