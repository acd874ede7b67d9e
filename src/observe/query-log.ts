/**
 * Sampled query logging, off by default: names people look up are personal data, so the logs
 * carry warnings and errors only unless an operator sets QUERY_LOG_SAMPLE (a fraction, 0-1).
 * Even then the client's address is never logged.
 */
import type { QueryEvent, QueryObserver } from './query-event.ts'

/** The sampling fraction from QUERY_LOG_SAMPLE; anything but a number in [0, 1] is 0 (off). */
export function logSampleOf(value: string | undefined): number {
  const n = Number(value ?? '0')
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : 0
}

export function queryLine(e: QueryEvent): string {
  const { name, qtype, rcode, source, colo, latencyMs } = e
  return JSON.stringify({ level: 'info', msg: 'query', name, qtype, rcode, source, colo, ms: latencyMs })
}

export function queryLogger(sample: number, log: (line: string) => void, random: () => number = Math.random): QueryObserver | null {
  if (sample <= 0) return null
  return (event) => {
    if (random() < sample) log(queryLine(event))
  }
}
