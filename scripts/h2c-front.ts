/**
 * A loopback front for the local worker that speaks both HTTP/1.1 and cleartext HTTP/2.
 * DoH clients such as `dig +http-plain` use HTTP/2 with prior knowledge (RFC 9113 §3.3),
 * which wrangler dev does not serve; the Cloudflare edge does, over TLS. HTTP/1.1 connections
 * are piped through untouched; HTTP/2 streams are replayed to the worker as HTTP/1.1 requests.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'
import { createServer as createH2Server, constants, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2'

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n')
/** Hop-by-hop or recomputed headers: fetch and the HTTP/2 framing set their own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length'])

export function startH2cFront(options: { port: number; target: number; host?: string }): Promise<Server> {
  const host = options.host ?? '127.0.0.1'
  const h2 = createH2Server()
  h2.on('stream', (stream, headers) => void relayStream(stream, headers, `http://${host}:${options.target}`))

  const server = createServer((socket: Socket) => {
    // Small DoH messages must not wait for the peer's delayed ACK (Nagle): about 40 ms each.
    socket.setNoDelay(true)
    // Peek without switching the socket to flowing mode, so it can be handed over intact.
    socket.once('readable', () => {
      const first = socket.read() as Buffer | null
      if (!first) return socket.destroy()
      socket.unshift(first)
      if (first.subarray(0, PREFACE.length).equals(PREFACE) || PREFACE.subarray(0, first.length).equals(first)) {
        h2.emit('connection', socket)
        return
      }
      const upstream = connect(options.target, host)
      upstream.setNoDelay(true)
      upstream.on('error', () => socket.destroy())
      socket.on('error', () => upstream.destroy())
      socket.pipe(upstream).pipe(socket)
    })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => resolve(server))
  })
}

async function relayStream(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, origin: string): Promise<void> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  const method = String(headers[constants.HTTP2_HEADER_METHOD] ?? 'GET')
  const forwarded = new Headers()
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || HOP_BY_HOP.has(name) || value === undefined) continue
    forwarded.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  try {
    const response = await fetch(`${origin}${String(headers[constants.HTTP2_HEADER_PATH] ?? '/')}`, {
      method,
      headers: forwarded,
      body: method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks),
    })
    const body = Buffer.from(await response.arrayBuffer())
    // dig reads the body by its content-length, so always send one.
    const out: Record<string, string | number> = {
      [constants.HTTP2_HEADER_STATUS]: response.status,
      [constants.HTTP2_HEADER_CONTENT_LENGTH]: body.length,
    }
    response.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) out[name] = value
    })
    stream.respond(out)
    stream.end(body)
  } catch {
    if (!stream.headersSent) stream.respond({ [constants.HTTP2_HEADER_STATUS]: 502 })
    stream.end()
  }
}
