import { describe, expect, it } from 'vitest'
import { parseCorefile, tokenize } from '../../../sync-agent/config/corefile.ts'

const texts = (text: string) => tokenize(text, 'Corefile').map((line) => line.map((t) => t.text))

describe('tokenize', () => {
  it('splits lines into tokens, dropping comments', () => {
    expect(texts('a b  c # comment\n\n  d\t"e f" # x')).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e f'],
    ])
  })

  it('keeps # inside a token and inside quotes', () => {
    expect(texts('a#b "c # d"')).toEqual([['a#b', 'c # d']])
  })

  it('unescapes \\" in double quotes and keeps backtick strings raw', () => {
    expect(texts('"say \\"hi\\"" `raw \\" x`')).toEqual([['say "hi"', 'raw \\" x']])
  })

  it('unescapes only \\" and \\\\ in double quotes; any other backslash stays', () => {
    expect(texts('"a\\\\" b')).toEqual([['a\\', 'b']])
    expect(texts('"c:\\\\dir\\\\x"')).toEqual([['c:\\dir\\x']])
    expect(texts('"a\\nb" "\\t"')).toEqual([['a\\nb', '\\t']])
  })

  it('gives no lines for empty text or comments alone', () => {
    expect(tokenize('', 'Corefile')).toEqual([])
    expect(tokenize('# only a comment\n  # another\n', 'Corefile')).toEqual([])
  })

  it('marks quoted tokens, so a quoted brace is text, not a brace', () => {
    expect(tokenize('a "{" `}` {', 'Corefile')[0]!.map((t) => t.quoted)).toEqual([false, true, true, false])
  })

  it('gives a quoted token spanning lines the line it starts on', () => {
    const lines = tokenize('a "x\ny" b\nc', 'Corefile')
    expect(lines.map((l) => l.map((t) => [t.text, t.line]))).toEqual([
      [
        ['a', 1],
        ['x\ny', 1],
      ],
      [['b', 2]],
      [['c', 3]],
    ])
  })

  it('treats CR as blank space, so CRLF lines split as LF lines do', () => {
    expect(texts('a b\r\n"c d"\r\n\r\ne\r')).toEqual([['a', 'b'], ['c d'], ['e']])
    expect(tokenize('a\r\nb', 'Corefile').map((l) => l[0]!.line)).toEqual([1, 2])
  })

  it('reports an unterminated string at the line it opens', () => {
    expect(() => tokenize('a\n"open\nmore', 'Corefile')).toThrow(
      'Corefile:2: unterminated " string'
    )
  })
})

describe('parseCorefile', () => {
  it('reads server blocks, directives, nested blocks and line numbers', () => {
    const blocks = parseCorefile(
      '# top\nexample.com, example.org:53 {\n  log\n  k8s_gateway {\n    ttl 30\n  }\n}\n. {\n  forward . 1.1.1.1\n}\n',
      'Corefile'
    )
    expect(blocks.map((b) => [b.keys.map((k) => k.text), b.line])).toEqual([
      [['example.com', 'example.org:53'], 2],
      [['.'], 8],
    ])
    const [log, plugin] = blocks[0]!.directives
    expect(log).toMatchObject({ name: 'log', args: [], line: 3, block: null })
    expect(plugin!.block).toEqual([
      { name: 'ttl', args: [{ text: '30', line: 5, quoted: false }], line: 5, block: null },
    ])
    expect(blocks[1]!.directives[0]!.args.map((t) => t.text)).toEqual(['.', '1.1.1.1'])
  })

  it('keeps the arguments of a directive whose block opens on its line', () => {
    const [block] = parseCorefile('.:53 {\n  k8s_gateway example.com example.org {\n    ttl 30\n  }\n}', 'Corefile')
    const [plugin] = block!.directives
    expect(plugin!.args.map((t) => t.text)).toEqual(['example.com', 'example.org'])
    expect(plugin!.block!.map((d) => [d.name, d.args.map((t) => t.text)])).toEqual([['ttl', ['30']]])
  })

  it('accepts a single server block without braces', () => {
    const [block] = parseCorefile('example.com\nk8s_gateway\nlog', 'Corefile')
    expect(block!.directives.map((d) => d.name)).toEqual(['k8s_gateway', 'log'])
  })

  it('flags snippet definitions: a first key that is all in parentheses', () => {
    const snippets = (text: string) => parseCorefile(text, 'Corefile').map((b) => b.snippet)
    expect(snippets('(common) {\n  log\n}')).toEqual([true])
    expect(snippets('a(b) {\n}\n(a)b {\n}')).toEqual([false, false])
  })

  it('reads quoted braces as arguments and names, never as block delimiters', () => {
    const [block] = parseCorefile('a {\n  b "{"\n  "}"\n}', 'Corefile')
    expect(block!.directives.map((d) => [d.name, d.args.map((t) => t.text), d.block])).toEqual([
      ['b', ['{'], null],
      ['}', [], null],
    ])
  })

  it('splits unquoted keys on commas and keeps a quoted key whole', () => {
    const [block] = parseCorefile('"a,b" c,d, {\n}', 'Corefile')
    expect(block!.keys.map((k) => [k.text, k.quoted])).toEqual([
      ['a,b', true],
      ['c', false],
      ['d', false],
    ])
  })

  it.each([
    ['example.com {\n  log\n', "Corefile:1: unclosed '{'"],
    ['example.com {\n  k8s_gateway {\n    ttl 1\n}\n', "Corefile:1: unclosed '{'"],
    ['example.com {\n}\n}\n', "Corefile:3: unexpected '}'"],
    ['a {\n} x\n', "Corefile:2: unexpected text after '}'"],
    ['a {\n}\nb\n', "Corefile:3: expected '{' after the server block keys"],
    ['a {\n  x { y\n  }\n}\n', "Corefile:2: unexpected '{'"],
    // A block without braces runs to the end of the file: a '}' in it closes nothing.
    ['example.com\nlog\n}\n', "Corefile:3: unexpected '}'"],
    ['{\n  log\n}\n', 'Corefile:1: server block without keys'],
    ['a, {\n}\nb {\n}\n, {\n}\n', 'Corefile:5: server block without keys'],
    ['a } {\n}\n', "Corefile:1: unexpected '}'"],
    // A block opens at the end of its line; a whole block on one line is refused, not misread.
    // CoreDNS refuses it as well (1.14: "Unexpected '}' because no matching opening brace").
    ['.:53 { k8s_gateway example.com { ttl 30 } }', "Corefile:1: unexpected '{'"],
  ])('rejects %j', (text, message) => {
    expect(() => parseCorefile(text, 'Corefile')).toThrow(message)
  })
})
