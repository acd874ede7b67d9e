/**
 * Every way our answers may differ from the reference (CoreDNS v1.11.1 + k8s_gateway v0.4.0),
 * each a predicate over (question, ours, theirs). The first that holds classifies a difference;
 * a difference none explains fails the differential test.
 *
 * Four sources, kept apart:
 * - 'readme':  a row of README.md "Where we differ from k8s_gateway" (we follow the DNS RFCs);
 * - 'v0.4.0':  k8s_gateway v0.4.0 (the only version the Go module proxy serves, so the one built
 *              here) lacks behaviour of v1.8.x, the semantics we target; the answer we give is
 *              v1.8's. Listed for the README, not bugs;
 * - 'harness': the reference's deployment in this test, not k8s_gateway itself;
 * - 'reference-bug': a defect of the reference that no client could rely on (not a semantic to
 *              follow);
 *
 * Predicates look at the name's corpus tags (what the name is) and at the shapes of both
 * replies, so a known reason cannot silently absorb an unrelated difference.
 */
import type { Question, Tag } from './corpus.ts'
import { answerData, hasAnswer, isNodata, isNxdomain, type Reply } from './compare.ts'

export type Source = 'readme' | 'v0.4.0' | 'harness' | 'reference-bug'

export interface KnownDifference {
  id: string
  source: Source
  /** The README row (source 'readme'), or the behaviour and where it comes from. */
  cite: string
  applies(q: Question, ours: Reply, theirs: Reply): boolean
}

const has = (q: Question, ...tags: Tag[]): boolean => tags.some((t) => q.tags.includes(t))
/** Names that exist for us (records, an empty non-terminal, a wildcard match, the apex). */
const EXISTS: Tag[] = ['data', 'apex', 'nshost', 'ns2host', 'ent', 'wildcard', 'wildcard-literal', 'v1-kind', 'comma', 'conflict', 'txt']
const existsForUs = (q: Question): boolean => has(q, ...EXISTS)
/** Our negative answer is the right kind for the name: NXDOMAIN only where nothing exists, else NODATA. */
const rightNegative = (q: Question, ours: Reply): boolean => (existsForUs(q) ? isNodata(ours) : isNxdomain(ours))
const ADDRESS_TYPES = new Set(['A', 'AAAA'])
/** Types k8s_gateway v1.8 looks records up for; it answers NODATA for every other type. */
const LOOKED_UP = new Set(['A', 'AAAA', 'TXT'])

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  // ------------------------------------------------------------------ README table rows
  {
    id: 'readme:empty-non-terminal',
    source: 'readme',
    cite: 'README "Where we differ": empty non-terminal -> k8s_gateway NXDOMAIN, we NODATA (RFC 8020)',
    applies: (q, ours, theirs) => has(q, 'ent') && isNodata(ours) && isNxdomain(theirs),
  },
  {
    id: 'readme:nxdomain-other-types',
    source: 'readme',
    cite: 'README "Where we differ": a name that does not exist, asked for a type other than A/AAAA/TXT -> k8s_gateway NODATA, we NXDOMAIN (RFC 1034 §4.3.2)',
    applies: (q, ours, theirs) => !LOOKED_UP.has(q.type) && q.type !== 'SOA' && !existsForUs(q) && isNxdomain(ours) && isNodata(theirs),
  },
  {
    id: 'readme:txt-nodata',
    source: 'readme',
    cite: 'README "Where we differ": a name that exists, asked for TXT it does not have -> k8s_gateway NXDOMAIN, we NODATA (RFC 2308 §2.2)',
    // v0.4.0 has no TXT lookup at all (NODATA for every name), so with this reference the row
    // cannot show; kept so a v1.x reference is classified too.
    applies: (q, ours, theirs) => q.type === 'TXT' && has(q, 'data', 'v1-kind', 'wildcard', 'apex') && isNodata(ours) && isNxdomain(theirs),
  },
  {
    id: 'readme:apex-wildcard',
    source: 'readme',
    cite: 'README "Where we differ": *.example.com asked for the apex example.com -> k8s_gateway answers from the wildcard, we do not (RFC 4592 §2.2.1)',
    // Not visible with v0.4.0 (no wildcards); kept for a v1.x reference.
    applies: (q, ours, theirs) => has(q, 'apex') && !has(q, 'data') && ADDRESS_TYPES.has(q.type) && isNodata(ours) && hasAnswer(theirs),
  },
  {
    id: 'readme:absolute-host-in-other-zone',
    source: 'readme',
    cite: 'README "Where we differ": absolute host app.example.com asked as app.example.com.example.org -> k8s_gateway answers, we NXDOMAIN',
    // theirs: the addresses, or NODATA for the other family (RFC 4074 §3), or NXDOMAIN for A of an IPv6-only host
    applies: (q, ours, theirs) => has(q, 'crosszone') && isNxdomain(ours) && theirs.rcode === 'NOERROR',
  },
  {
    id: 'readme:wildcard-lacks-type',
    source: 'readme',
    cite: 'README "Where we differ": a wildcard matches but lacks the asked type -> k8s_gateway NXDOMAIN, we NODATA (RFC 4592 §3.3.1)',
    applies: (q, ours, theirs) => has(q, 'wildcard') && q.type === 'TXT' && isNodata(ours) && isNxdomain(theirs),
  },
  {
    id: 'readme:class-not-in',
    source: 'readme',
    // CoreDNS itself refuses non-IN classes before any plugin runs unless the server block loads
    // `chaos`, `forward` or `proxy` (core/dnsserver EnableChaos); the reference block has none,
    // so both sides answer REFUSED here and the row shows only with such a Corefile.
    cite: 'README "Where we differ": class other than IN -> k8s_gateway answers as IN (when the server block loads forward/chaos), we REFUSED',
    applies: (q, ours) => q.qclass !== 'IN' && ours.rcode === 'REFUSED' && ours.answer.length === 0,
  },
  {
    id: 'readme:service-external-ips',
    source: 'readme',
    cite: 'README "Where we differ": Service externalIPs -> k8s_gateway: the first match stops the lookup; we: each Service\'s external IPs replace its own status only',
    // Theirs depends on the informer index's (unordered) iteration: a subset of ours.
    applies: (q, ours, theirs) =>
      has(q, 'conflict') && hasAnswer(ours) && hasAnswer(theirs) && answerData(theirs).every((d) => answerData(ours).includes(d)),
  },

  // ------------------------------------------------------------------ v0.4.0 lacks v1.8 behaviour
  {
    id: 'v0.4.0:no-wildcards',
    source: 'v0.4.0',
    cite: 'k8s_gateway v0.4.0 has no wildcard lookup (v1.x getQueryIndexKeySets tries *.<parent> after the exact name): a name matched only by a wildcard host is NXDOMAIN there',
    applies: (q, ours, theirs) => has(q, 'wildcard') && isNxdomain(theirs) && (hasAnswer(ours) || isNodata(ours)),
  },
  {
    id: 'v0.4.0:a-on-ipv6-only',
    source: 'v0.4.0',
    cite: 'k8s_gateway v0.4.0 answers A for a name with only IPv6 addresses NXDOMAIN; v1.x answers NODATA (RFC 4074 §3, symmetric to AAAA), as we do',
    applies: (q, ours, theirs) => has(q, 'v6only') && q.type === 'A' && isNodata(ours) && isNxdomain(theirs),
  },
  {
    id: 'v0.4.0:no-txt',
    source: 'v0.4.0',
    cite: 'k8s_gateway v0.4.0 has no TXT lookup: TXT is NODATA for every name, even one that does not exist; v1.x (TXT from DNSEndpoint) answers NXDOMAIN for a missing name, as we do',
    applies: (q, ours, theirs) => q.type === 'TXT' && !existsForUs(q) && isNxdomain(ours) && isNodata(theirs),
  },
  {
    id: 'v0.4.0:no-dnsendpoint-node',
    source: 'v0.4.0',
    cite: 'k8s_gateway v0.4.0 has no DNSEndpoint and no Node resource (added in v1.x; v0.4.0 skips unknown `resources` names silently): their names are NXDOMAIN there',
    applies: (q, ours, theirs) => has(q, 'v1-kind') && (hasAnswer(ours) || isNodata(ours)) && !hasAnswer(theirs),
  },
  {
    id: 'v0.4.0:no-ignore-label',
    source: 'v0.4.0',
    cite: 'k8s_gateway v0.4.0 does not know the label k8s-gateway.dns/ignore: "true" (v1.x skips such objects, as we do)',
    applies: (q, ours, theirs) => has(q, 'ignored') && isNxdomain(ours) && theirs.rcode === 'NOERROR',
  },
  {
    id: 'v0.4.0:no-hostname-lists',
    source: 'v0.4.0',
    cite: 'k8s_gateway v0.4.0 takes a Service hostname annotation as one name: a comma list fails its RFC 1123 check and the Service answers as name.namespace instead; v1.x splits the list (and then does not index name.namespace), as we do',
    applies: (q, ours, theirs) =>
      (has(q, 'comma') && (hasAnswer(ours) || isNodata(ours)) && !hasAnswer(theirs)) ||
      (has(q, 'comma-fallback') && isNxdomain(ours) && theirs.rcode === 'NOERROR'),
  },

  // ------------------------------------------------------------------ the reference's deployment
  {
    id: 'harness:outside-zones',
    source: 'harness',
    cite: 'Names outside every zone: the reference Corefile is one `.` server block (so DoH and DNS listen once) and has no plugin after k8s_gateway, so CoreDNS answers SERVFAIL ("no next plugin found"); a CoreDNS whose server block keys are the zones answers REFUSED, as we do without `forward`',
    applies: (q, ours, theirs) => has(q, 'outside') && ours.rcode === 'REFUSED' && theirs.rcode === 'SERVFAIL',
  },

  // ------------------------------------------------------------------ defects of the reference
  {
    id: 'reference-bug:below-ns-host-malformed',
    source: 'reference-bug',
    cite: 'Below the name server host (x.dns1.kube-system.<zone>) k8s_gateway\'s serveSubApex calls m.SetRcode(m, NXDOMAIN); with miekg/dns v1.1.55 (the version v0.4.0 builds with; v1.x has the same apex.go) SetReply(m) on itself zeroes the question it copies, so the NXDOMAIN reply echoes the question ". TYPE0 CLASS0" instead of the one asked (dns-packet refuses to decode it; resolvers drop a reply whose question does not match). We answer a well-formed NXDOMAIN',
    applies: (q, ours, theirs) => has(q, 'below-nshost') && isNxdomain(ours) && theirs.undecodable?.rcode === 'NXDOMAIN',
  },

  {
    id: 'readme:soa-below-apex',
    source: 'readme',
    cite: 'README "Where we differ": SOA asked for a name below the apex -> k8s_gateway answers the zone\'s SOA, NOERROR even for names that do not exist; we NODATA or NXDOMAIN with the SOA in authority (RFC 1034 §4.3.2)',
    applies: (q, ours, theirs) =>
      q.type === 'SOA' &&
      !has(q, 'apex') &&
      rightNegative(q, ours) &&
      theirs.rcode === 'NOERROR' &&
      theirs.answer.length === 1 &&
      theirs.answer[0]!.type === 'SOA' &&
      theirs.answer[0]!.name === ours.authority[0]!.name,
  },
  {
    id: 'readme:any',
    source: 'readme',
    cite: 'README "Where we differ": ANY -> k8s_gateway NODATA for every name; we the name\'s records (at the apex also SOA and NS)',
    applies: (q, ours, theirs) => q.type === 'ANY' && hasAnswer(ours) && isNodata(theirs),
  },
]

export function classify(q: Question, ours: Reply, theirs: Reply): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((d) => d.applies(q, ours, theirs))
}
