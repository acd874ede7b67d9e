/**
 * A generic Corefile (Caddyfile) reader: server blocks `key1 key2 { ... }`, directive lines
 * `name args...`, nested `{ }` blocks, `#` comments and "quoted" or `raw` strings, every token
 * keeping its line so later errors can point at it. It knows nothing about any plugin.
 *
 * Not supported (CoreDNS features we do not need): `import`, snippets' expansion (snippet
 * blocks `(name) { }` are returned like any block, flagged), and `{$ENV}` substitution.
 */
import { ConfigError } from './errors.ts'

export interface Token {
  text: string
  line: number
  /** Quoted tokens are never braces and never comments. */
  quoted: boolean
}

export interface Directive {
  name: string
  args: Token[]
  line: number
  /** The `{ ... }` block that follows the directive on its line, or null. */
  block: Directive[] | null
}

export interface ServerBlock {
  keys: Token[]
  line: number
  /** `(name) { }`: a snippet definition, not a server. */
  snippet: boolean
  directives: Directive[]
}

/** Splits text into lines of tokens (a quoted token spanning lines belongs to its first line). */
export function tokenize(text: string, file: string): Token[][] {
  const lines: Token[][] = []
  let current: Token[] = []
  let line = 1
  let i = 0
  const push = (token: Token): void => {
    if (current.length > 0 && current[0]!.line !== token.line) {
      lines.push(current)
      current = []
    }
    current.push(token)
  }
  while (i < text.length) {
    const c = text[i]!
    if (c === '\n') {
      line++
      i++
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++
    } else if (c === '#') {
      const end = text.indexOf('\n', i)
      i = end === -1 ? text.length : end
    } else if (c === '"' || c === '`') {
      const start = line
      let value = ''
      i++
      for (;;) {
        // Stryker disable next-line EqualityOperator: with `>`, the step at i === text.length reads undefined, matches nothing, and the next step throws the same error
        if (i >= text.length) throw new ConfigError(file, start, `unterminated ${c} string`)
        const ch = text[i]!
        if (ch === c) break
        if (c === '"' && ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          value += text[i + 1]
          i += 2
          continue
        }
        if (ch === '\n') line++
        value += ch
        i++
      }
      i++
      push({ text: value, line: start, quoted: true })
    } else {
      let value = ''
      while (i < text.length && !/[\s"`]/.test(text[i]!)) value += text[i++]
      push({ text: value, line, quoted: false })
    }
  }
  if (current.length > 0) lines.push(current)
  return lines
}

// tokenize() never returns an empty line, so every line has a first and a last token.
const isOpen = (t: Token): boolean => !t.quoted && t.text === '{'
const isClose = (t: Token): boolean => !t.quoted && t.text === '}'

/** Parses a Corefile into its server blocks. */
export function parseCorefile(text: string, file: string): ServerBlock[] {
  const lines = tokenize(text, file)
  const blocks: ServerBlock[] = []
  let pos = 0

  // Reads directive lines until the `}` closing a block opened at `openLine` (null: until EOF).
  const body = (openLine: number | null): Directive[] => {
    const directives: Directive[] = []
    for (;;) {
      const tokens = lines[pos]
      if (!tokens) {
        if (openLine === null) return directives
        throw new ConfigError(file, openLine, "unclosed '{'")
      }
      const first = tokens[0]!
      pos++
      if (isClose(first)) {
        if (openLine === null) throw new ConfigError(file, first.line, "unexpected '}'")
        if (tokens.length > 1) throw new ConfigError(file, first.line, "unexpected text after '}'")
        return directives
      }
      const opens = isOpen(tokens.at(-1)!)
      const args = tokens.slice(1, opens ? -1 : undefined)
      for (const t of [first, ...args]) {
        if (isOpen(t) || isClose(t)) throw new ConfigError(file, t.line, `unexpected '${t.text}'`)
      }
      const block = opens ? body(first.line) : null
      directives.push({ name: first.text, args, line: first.line, block })
    }
  }

  while (pos < lines.length) {
    const tokens = lines[pos]!
    const first = tokens[0]!
    const opens = isOpen(tokens.at(-1)!)
    const keys = splitKeys(opens ? tokens.slice(0, -1) : tokens)
    if (keys.length === 0) throw new ConfigError(file, first.line, 'server block without keys')
    for (const t of keys) {
      if (isOpen(t) || isClose(t)) throw new ConfigError(file, t.line, `unexpected '${t.text}'`)
    }
    pos++
    const snippet = /^\(.*\)$/.test(keys[0]!.text)
    if (!opens && blocks.length > 0) {
      throw new ConfigError(file, first.line, "expected '{' after the server block keys")
    }
    // Caddy allows a single server block without braces: its keys line, then directives to EOF.
    const directives = body(opens ? first.line : null)
    blocks.push({ keys, line: first.line, snippet, directives })
  }
  return blocks
}

/** Keys may be separated by commas too: `a.com, b.com {`. */
function splitKeys(tokens: Token[]): Token[] {
  return tokens.flatMap((t) =>
    t.quoted
      ? [t]
      : t.text
          .split(',')
          .filter((part) => part !== '')
          .map((part) => ({ ...t, text: part }))
  )
}
