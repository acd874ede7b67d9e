import { describe, expect, it } from 'vitest'
import { AgentMetrics } from '../../../sync-agent/ops/metrics.ts'

/** Samples of the text exposition format: `name{labels} value`, comments skipped. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][\w:]*(?:\{.*\})?) (\S+)$/.exec(line)
    if (!match) throw new Error(`not an exposition line: ${line}`)
    out.set(match[1]!, Number(match[2]))
  }
  return out
}

const read = async (m: AgentMetrics) => samples(await m.render())

describe('AgentMetrics', () => {
  it('starts with the leader, records and last-success series at 0', async () => {
    const s = await read(new AgentMetrics())
    expect(s.get('k8s_gateway_doh_leader')).toBe(0)
    expect(s.get('k8s_gateway_doh_records_published')).toBe(0)
    expect(s.get('k8s_gateway_doh_last_publish_success_timestamp_seconds')).toBe(0)
    expect(s.get('k8s_gateway_doh_kv_writes_total')).toBe(0)
  })

  it('counts publishes: writes, deletes, retries, duration, records and last success time', async () => {
    const m = new AgentMetrics({ now: () => 1_767_225_600_500 })
    m.published({ puts: 3, deletes: 1, retries: 2, seconds: 0.3, records: 42 })
    m.published({ puts: 1, deletes: 0, retries: 0, seconds: 7 })
    m.publishFailed({ retries: 5, seconds: 40 })
    const s = await read(m)
    expect(s.get('k8s_gateway_doh_kv_writes_total')).toBe(4)
    expect(s.get('k8s_gateway_doh_kv_deletes_total')).toBe(1)
    expect(s.get('k8s_gateway_doh_kv_retries_total')).toBe(7)
    expect(s.get('k8s_gateway_doh_kv_errors_total')).toBe(1)
    expect(s.get('k8s_gateway_doh_records_published')).toBe(42)
    expect(s.get('k8s_gateway_doh_last_publish_success_timestamp_seconds')).toBe(1_767_225_600.5)
    expect(s.get('k8s_gateway_doh_publish_duration_seconds_count{result="ok"}')).toBe(2)
    expect(s.get('k8s_gateway_doh_publish_duration_seconds_sum{result="ok"}')).toBeCloseTo(7.3)
    expect(s.get('k8s_gateway_doh_publish_duration_seconds_bucket{le="0.5",result="ok"}')).toBe(1)
    expect(s.get('k8s_gateway_doh_publish_duration_seconds_bucket{le="10",result="ok"}')).toBe(2)
    expect(s.get('k8s_gateway_doh_publish_duration_seconds_bucket{le="+Inf",result="error"}')).toBe(
      1,
    )
  })

  it('counts unsuccessful keys, and the keys a failed publish did land', async () => {
    const m = new AgentMetrics()
    m.published({ puts: 8, deletes: 0, retries: 1, unsuccessfulKeys: 4, seconds: 0.2 })
    m.publishFailed({ puts: 4, deletes: 0, retries: 2, unsuccessfulKeys: 12 })
    const s = await read(m)
    expect(s.get('k8s_gateway_doh_kv_unsuccessful_keys_total')).toBe(16)
    expect(s.get('k8s_gateway_doh_kv_writes_total')).toBe(12)
    expect(s.get('k8s_gateway_doh_kv_retries_total')).toBe(3)
  })

  it('reports an owner conflict while it lasts', async () => {
    const m = new AgentMetrics()
    expect((await read(m)).get('k8s_gateway_doh_owner_conflict')).toBe(0)
    m.ownerConflict(true)
    expect((await read(m)).get('k8s_gateway_doh_owner_conflict')).toBe(1)
  })

  it('tracks objects per kind, leader status and one-hot kind state', async () => {
    const m = new AgentMetrics()
    m.objects('Ingress', 12)
    m.objects('Service', 3)
    m.objects('Ingress', 11)
    m.leader(true)
    m.kindState('HTTPRoute', 'absent')
    m.kindState('HTTPRoute', 'listed')
    m.kindState('Node', 'forbidden')
    const s = await read(m)
    expect(s.get('k8s_gateway_doh_objects{kind="Ingress"}')).toBe(11)
    expect(s.get('k8s_gateway_doh_objects{kind="Service"}')).toBe(3)
    expect(s.get('k8s_gateway_doh_leader')).toBe(1)
    const state = (kind: string) =>
      Object.fromEntries(
        ['listed', 'absent', 'forbidden', 'failing'].map((st) => [
          st,
          s.get(`k8s_gateway_doh_kind_status{kind="${kind}",state="${st}"}`),
        ]),
      )
    expect(state('HTTPRoute')).toEqual({ listed: 1, absent: 0, forbidden: 0, failing: 0 })
    expect(state('Node')).toEqual({ listed: 0, absent: 0, forbidden: 1, failing: 0 })
    m.leader(false)
    expect((await read(m)).get('k8s_gateway_doh_leader')).toBe(0)
  })

  it('counts watch restarts by kind and reason', async () => {
    const m = new AgentMetrics()
    m.watchRestarted('Ingress', 'expired')
    m.watchRestarted('Ingress', 'expired')
    m.watchRestarted('Service', 'error')
    const s = await read(m)
    expect(s.get('k8s_gateway_doh_watch_restarts_total{kind="Ingress",reason="expired"}')).toBe(2)
    expect(s.get('k8s_gateway_doh_watch_restarts_total{kind="Service",reason="error"}')).toBe(1)
  })

  it('keeps two instances apart, and adds process metrics only when asked', async () => {
    const a = new AgentMetrics({ processMetrics: true })
    const b = new AgentMetrics()
    a.published({ puts: 5, deletes: 0, retries: 0, seconds: 1 })
    expect((await read(a)).get('k8s_gateway_doh_kv_writes_total')).toBe(5)
    expect((await read(b)).get('k8s_gateway_doh_kv_writes_total')).toBe(0)
    expect(await a.render()).toMatch(/^process_cpu_user_seconds_total /m)
    expect(await b.render()).not.toMatch(/^process_/m)
  })

  it('renders HELP and TYPE lines in the 0.0.4 text format', async () => {
    const m = new AgentMetrics()
    const text = await m.render()
    expect(text).toContain('# TYPE k8s_gateway_doh_publish_duration_seconds histogram')
    expect(text).toContain('# TYPE k8s_gateway_doh_kv_writes_total counter')
    expect(text).toContain('# TYPE k8s_gateway_doh_leader gauge')
    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/)
  })
})
