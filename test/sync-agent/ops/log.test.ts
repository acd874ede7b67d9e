import { describe, expect, it } from 'vitest'
import {
  createLogger,
  type LoggerOptions,
  parseLevel,
  REDACTED,
} from '../../../sync-agent/ops/log.ts'

const NOW = new Date('2026-03-04T05:06:07.089Z')

function capture(options: LoggerOptions = {}) {
  const raw: string[] = []
  const log = createLogger({
    now: () => NOW,
    stream: { write: (line) => void raw.push(line) },
    ...options,
  })
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>)
  return { log, raw, lines }
}

describe('log', () => {
  it('writes one JSON object a line: time, level, msg first, then fields', () => {
    const { log, raw } = capture()
    log.info('published', { puts: 3, kinds: ['Ingress'] })
    expect(raw).toEqual([
      '{"time":"2026-03-04T05:06:07.089Z","level":"info","msg":"published","puts":3,"kinds":["Ingress"]}\n',
    ])
  })

  it('drops lines below the threshold', () => {
    const { log, lines } = capture({ level: 'warn' })
    log.debug('d')
    log.info('i')
    log.warn('w')
    log.error('e')
    expect(lines().map((l) => l.level)).toEqual(['warn', 'error'])
    expect(log.enabled('info')).toBe(false)
    expect(log.enabled('error')).toBe(true)
    const all = capture({ level: 'debug' })
    all.log.debug('d')
    expect(all.lines()).toHaveLength(1)
  })

  it('defaults to info on stderr', () => {
    const log = createLogger()
    expect(log.enabled('debug')).toBe(false)
    expect(log.enabled('info')).toBe(true)
  })

  it('parses --log-level values and names the valid ones on error', () => {
    expect(parseLevel('debug')).toBe('debug')
    expect(parseLevel(' WARN ')).toBe('warn')
    expect(() => parseLevel('verbose')).toThrow(
      'log level must be one of debug, info, warn, error: verbose',
    )
  })

  it('redacts fields named like secrets at any depth, and bearer tokens in text', () => {
    const { log, raw, lines } = capture()
    log.info('request sent Authorization: Bearer abc.def-123', {
      token: 'cf-secret-1',
      apiToken: 'cf-secret-2',
      request: { headers: { Authorization: 'Bearer cf-secret-3', accept: 'json' } },
      users: [{ name: 'x', password: 'cf-secret-4' }],
      CLOUDFLARE_API_TOKEN: 'cf-secret-5',
      note: 'header was Bearer cf-secret-6',
      tokenFile: undefined,
      count: 1,
    })
    expect(raw.join('')).not.toMatch(/cf-secret|abc\.def/)
    expect(lines()[0]).toEqual({
      time: NOW.toISOString(),
      level: 'info',
      msg: `request sent Authorization: Bearer ${REDACTED}`,
      token: REDACTED,
      apiToken: REDACTED,
      request: { headers: { Authorization: REDACTED, accept: 'json' } },
      users: [{ name: 'x', password: REDACTED }],
      CLOUDFLARE_API_TOKEN: REDACTED,
      note: `header was Bearer ${REDACTED}`,
      count: 1,
    })
  })

  it('carries child fields, and fields never replace time, level or msg', () => {
    const { log, lines } = capture()
    log
      .child({ component: 'leader' })
      .child({ lease: 'ns/x' })
      .warn('lost', { level: 'x', msg: 'y' })
    expect(lines()[0]).toEqual({
      time: NOW.toISOString(),
      level: 'warn',
      msg: 'lost',
      component: 'leader',
      lease: 'ns/x',
      'field.level': 'x',
      'field.msg': 'y',
    })
  })

  it('logs errors with message, stack and own fields; survives cycles, bigints and dates', () => {
    const { log, lines } = capture()
    const error = Object.assign(new Error('HTTP 403', { cause: new Error('denied') }), {
      code: 403,
    })
    const cyclic: Record<string, unknown> = { name: 'a' }
    cyclic.self = cyclic
    const shared = { n: 1 }
    log.error('failed', {
      error,
      cyclic,
      big: 10n,
      at: NOW,
      bad: new Date(NaN),
      pair: [shared, shared],
    })
    const line = lines()[0]!
    expect(line.error).toMatchObject({
      name: 'Error',
      message: 'HTTP 403',
      code: 403,
      cause: { message: 'denied' },
    })
    expect((line.error as { stack: string }).stack).toContain('HTTP 403')
    expect(line.cyclic).toEqual({ name: 'a', self: '[circular]' })
    expect(line).toMatchObject({
      big: '10',
      at: NOW.toISOString(),
      bad: 'Invalid Date',
      pair: [{ n: 1 }, { n: 1 }],
    })
  })
})
