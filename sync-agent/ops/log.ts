/**
 * Structured logs: one JSON object a line, `{"time","level","msg",...fields}`, so a cluster's
 * log pipeline can index fields without parsing prose. Secrets never reach the stream: fields
 * named like a credential are redacted at any depth, and bearer tokens inside strings are masked.
 */

export const LEVELS = ['debug', 'info', 'warn', 'error'] as const
export type Level = (typeof LEVELS)[number]

export type Fields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: Fields): void
  info(msg: string, fields?: Fields): void
  warn(msg: string, fields?: Fields): void
  error(msg: string, fields?: Fields): void
  /** A logger that adds these fields to every line (e.g. `{ component: 'leader' }`). */
  child(fields: Fields): Logger
  /** Whether a line at this level would be written: skip building costly fields otherwise. */
  enabled(level: Level): boolean
}

export interface LoggerOptions {
  /** Lines below this level are dropped. Default `info`. */
  level?: Level
  /** Default `process.stderr`: stdout stays free for command output. */
  stream?: { write(line: string): unknown }
  /** Injected so tests get stable timestamps. */
  now?: () => Date
  fields?: Fields
}

export const REDACTED = '[redacted]'

/** Field names that hold credentials: api_token, Authorization, password, clientSecret... */
const SECRET_FIELD = /token|authorization|password|passwd|secret|api[-_]?key|cookie|credential/i
/** `Bearer abc...` or `Basic abc...` in free text, e.g. an echoed request header. */
const SECRET_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi
const RESERVED = new Set(['time', 'level', 'msg'])

/** The `--log-level` value, or an error naming the valid ones. */
export function parseLevel(text: string): Level {
  const level = text.trim().toLowerCase()
  if ((LEVELS as readonly string[]).includes(level)) return level as Level
  throw new Error(`log level must be one of ${LEVELS.join(', ')}: ${text}`)
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LEVELS.indexOf(options.level ?? 'info')
  const stream = options.stream ?? process.stderr
  const now = options.now ?? (() => new Date())
  const base = options.fields ?? {}

  const enabled = (level: Level) => LEVELS.indexOf(level) >= threshold
  const write = (level: Level, msg: string, fields?: Fields) => {
    if (!enabled(level)) return
    const line: Fields = { time: now().toISOString(), level, msg: maskText(msg) }
    for (const [key, value] of Object.entries({ ...base, ...fields })) {
      // A field must not overwrite the envelope: readers rely on time/level/msg meaning one thing.
      line[RESERVED.has(key) ? `field.${key}` : key] = clean(key, value, new WeakSet())
    }
    stream.write(`${JSON.stringify(line)}\n`)
  }
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
    enabled,
  }
}

/** A logger that writes nothing: the default where logging is optional. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
  enabled: () => false,
}

const maskText = (text: string) =>
  text.replace(SECRET_TEXT, (_, scheme: string) => `${scheme} ${REDACTED}`)

/** A JSON-safe copy of a field value with secrets redacted; cycles cut, errors made readable. */
function clean(key: string, value: unknown, seen: WeakSet<object>): unknown {
  if (SECRET_FIELD.test(key) && value !== undefined && value !== null) return REDACTED
  if (typeof value === 'string') return maskText(value)
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'function' || typeof value === 'symbol') return String(value)
  if (value === null || typeof value !== 'object') return value
  if (seen.has(value)) return '[circular]'
  seen.add(value)
  try {
    return cleanObject(key, value, seen)
  } finally {
    // Only ancestors count as a cycle: the same object twice side by side is logged twice.
    seen.delete(value)
  }
}

function cleanObject(key: string, value: object, seen: WeakSet<object>): unknown {
  if (value instanceof Error) {
    const out: Fields = { name: value.name, message: maskText(value.message) }
    if (value.stack) out.stack = maskText(value.stack)
    for (const [k, v] of Object.entries(value)) out[k] = clean(k, v, seen)
    if (value.cause !== undefined) out.cause = clean('cause', value.cause, seen)
    return out
  }
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (value instanceof Map) return cleanObject(key, Object.fromEntries(value), seen)
  if (value instanceof Set) return cleanObject(key, [...value], seen)
  if (Array.isArray(value)) return value.map((item) => clean(key, item, seen))
  const out: Fields = {}
  for (const [k, v] of Object.entries(value)) out[k] = clean(k, v, seen)
  return out
}
