/**
 * "What this edge serves": the zones, and per owner (cluster) its last publish, name count and
 * agent version when its agent writes them (OwnerMeta.status; older agents do not).
 */
import { jsx as h } from 'hono/jsx'
import type { SteeringConfig } from '../core/recordset/steering.ts'
import { staleness, type OwnerState } from './owner-status.ts'

export type StatusInput = { ok: true; states: OwnerState[] } | { ok: false; error: string }

export function statusView(input: StatusInput, nowMs: number, steering: SteeringConfig) {
  const body = input.ok
    ? [zonesLine(input.states), ownersTable(input.states, nowMs, steering), steeringLine(steering, input.states.length)]
    : [h('p', { class: 'error', role: 'alert' }, `The owners' status could not be read from KV: ${input.error}`)]
  return h('section', { 'aria-labelledby': 'status-h' }, h('h2', { id: 'status-h' }, 'Status'), ...body)
}

function zonesLine(states: OwnerState[]) {
  const zones = [...new Set(states.flatMap((s) => (s.state === 'published' ? s.meta.zones.map((z) => z.zone) : [])))]
  if (zones.length === 0) return h('p', { class: 'error' }, 'No zones served: no owner has published a valid meta yet.')
  return h('p', null, zones.length === 1 ? 'Zone served: ' : 'Zones served: ', ...zones.flatMap((z, i) => [i ? ', ' : '', h('code', null, z)]))
}

/** How shared names are answered, when there is more than one owner to choose from. */
function steeringLine(steering: SteeringConfig, owners: number) {
  if (owners < 2) return null
  const how = { all: 'every live owner’s addresses', nearest: 'the nearest live owner’s addresses', failover: 'the first live owner’s addresses' }[steering.policy]
  const order = steering.policy === 'failover' && steering.order.length ? ` (order: ${steering.order.join(', ')})` : ''
  return h('p', null, 'A name several owners serve answers with ', how, order, ' (', h('code', null, `STEERING=${steering.policy}`), ').')
}

function ownersTable(states: OwnerState[], nowMs: number, steering: SteeringConfig) {
  const head = h('tr', null, ...['Owner', 'State', 'Zones', 'Last publish', 'Names', 'Agent', 'Heartbeat'].map((t) => h('th', { scope: 'col' }, t)))
  return h('table', null, h('caption', { class: 'muted' }, 'Owners (OWNERS), in priority order'), h('thead', null, head), h('tbody', null, ...states.map((s) => ownerRow(s, nowMs, steering))))
}

function ownerRow(s: OwnerState, nowMs: number, steering: SteeringConfig) {
  const owner = h('th', { scope: 'row' }, h('code', null, s.owner))
  if (s.state !== 'published') {
    const why = s.state === 'missing' ? `no meta at ${s.key}` : `${s.key}: ${s.error}`
    return h('tr', null, owner, h('td', { class: 'error', 'data-label': 'State' }, s.state), h('td', { colspan: 5 }, why))
  }
  const { meta } = s
  const status = meta.status
  const unknown = h('span', { class: 'muted' }, 'not reported')
  const stale = staleness(meta, steering, nowMs)
  const beat = meta.heartbeat
  const where = beat ? [beat.region, beat.serves?.join(' ')].filter(Boolean).join(', ') : ''
  return h(
    'tr',
    null,
    owner,
    stale
      ? h('td', { class: 'error', 'data-label': 'State', title: `no heartbeat for ${stale.ageS} s (limit ${stale.limitS} s)` }, 'stale')
      : h('td', { class: 'ok', 'data-label': 'State' }, 'published'),
    h('td', { 'data-label': 'Zones' }, meta.zones.map((z) => z.zone).join(', ') || '–'),
    h('td', { 'data-label': 'Last publish' }, status ? h('time', { datetime: status.publishedAt, title: status.publishedAt }, age(status.publishedAt, nowMs)) : unknown),
    h('td', { 'data-label': 'Names' }, status ? String(status.names) : unknown),
    h('td', { 'data-label': 'Agent' }, status ? status.agentVersion : unknown),
    h('td', { 'data-label': 'Heartbeat' }, beat ? [h('time', { datetime: beat.at, title: beat.at }, age(beat.at, nowMs)), where ? ` (${where})` : ''] : unknown),
  )
}

/** "5 min ago" for a person; the exact time is in the title and datetime attributes. */
export function age(iso: string, nowMs: number): string {
  const ms = nowMs - Date.parse(iso)
  if (!Number.isFinite(ms)) return iso
  if (ms < 0) return iso // a clock ahead of ours: show what was written
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`
  return `${Math.floor(s / 86400)} d ago`
}
