/** What the edge records of a query: the Analytics Engine layout and sampled query logging. */
import { describe, expect, it } from 'vitest'
import { dataPoint } from '../../src/observe/analytics.ts'
import { allOf } from '../../src/observe/observers.ts'
import type { QueryEvent } from '../../src/observe/query-event.ts'
import { logSampleOf, queryLine, queryLogger } from '../../src/observe/query-log.ts'

const event: QueryEvent = { name: 'web.example.com', qtype: 'A', rcode: 'NOERROR', source: 'records', owners: 'east,west', colo: 'AMS', latencyMs: 3 }

describe('dataPoint', () => {
  it('lays out qtype, rcode, source, owners, colo and latency, and never the name', () => {
    expect(dataPoint(event)).toEqual({ indexes: ['east,west'], blobs: ['A', 'NOERROR', 'records', 'east,west', 'AMS'], doubles: [3] })
  })
  it('keeps the index within the 96 bytes Analytics Engine takes', () => {
    expect(dataPoint({ ...event, owners: 'o'.repeat(200) }).indexes![0]).toHaveLength(96)
  })
})

describe('sampled query logging', () => {
  it('is off unless QUERY_LOG_SAMPLE is a fraction in [0, 1]', () => {
    expect([undefined, '', 'x', '-1', '2', '0.25', '1'].map(logSampleOf)).toEqual([0, 0, 0, 0, 0, 0.25, 1])
    expect(queryLogger(0, () => {})).toBeNull()
  })
  it('logs the sampled share of queries as JSON lines', () => {
    const lines: string[] = []
    const draws = [0.1, 0.3, 0.2, 0.9]
    const log = queryLogger(0.25, (l) => lines.push(l), () => draws.shift()!)!
    for (let i = 0; i < 4; i++) log(event)
    expect(lines).toHaveLength(2)
    expect(JSON.parse(lines[0]!)).toEqual({ level: 'info', msg: 'query', name: 'web.example.com', qtype: 'A', rcode: 'NOERROR', source: 'records', colo: 'AMS', ms: 3 })
    expect(queryLine(event)).toBe(lines[0])
  })
})

describe('allOf', () => {
  it('is nothing when nothing is configured, and a failing observer costs the others nothing', () => {
    expect(allOf([null, undefined])).toBeUndefined()
    const seen: string[] = []
    const both = allOf([
      () => {
        throw new Error('dataset gone')
      },
      (e) => seen.push(e.qtype),
    ])!
    both(event)
    expect(seen).toEqual(['A'])
  })
})
