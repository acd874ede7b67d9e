/**
 * The worker's HTTP surface, wiring only: RFC 8484 DoH on /dns-query (GET and POST), the JSON
 * API on /resolve and /dns-query (accept: application/dns-json), errors mapped to statuses.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { cors } from 'hono/cors'
import type { Env } from './env.ts'
import { DohError } from './doh/errors.ts'
import { wireResponse } from './doh/encode.ts'
import { jsonQuestion, toJson } from './doh/json.ts'
import { DNS_JSON, negotiate, queryFromGet, queryFromPost } from './doh/parse.ts'
import { decodeQuery, queryFor, WireError } from './doh/wire.ts'
import type { ResolveDeps } from './resolve.ts'
import { resolve } from './resolve.ts'

export type AppDeps = (env: Env) => ResolveDeps

const ALLOW = 'GET, POST, OPTIONS'

export function createApp(depsFor: AppDeps): Hono<{ Bindings: Env }> {
  const app = new Hono<{ Bindings: Env }>()

  // Browsers may call both APIs from any origin (the data is public DNS).
  app.use('/dns-query', cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['content-type', 'accept'] }))
  app.use('/resolve', cors({ origin: '*', allowMethods: ['GET'] }))

  app.get('/dns-query', async (c) => {
    if (negotiate(c.req.header('accept')) === 'json' && c.req.query('dns') === undefined) {
      return jsonAnswer(c, DNS_JSON)
    }
    return wireAnswer(c, queryFromGet(c.req.query('dns')))
  })
  app.post('/dns-query', async (c) => {
    negotiate(c.req.header('accept'))
    return wireAnswer(c, await queryFromPost(c.req.raw))
  })
  app.all('/dns-query', () => {
    throw new DohError('method', 'only GET and POST are allowed on /dns-query')
  })
  app.get('/resolve', (c) => jsonAnswer(c, 'application/json'))

  app.get('/', (c) =>
    c.text('k8s-gateway-doh: DNS over HTTPS (RFC 8484) at /dns-query, JSON at /resolve?name=&type=\n'),
  )

  app.onError((err, c) => {
    if (err instanceof DohError) {
      const headers: Record<string, string> = err.status === 405 ? { allow: ALLOW } : {}
      return c.text(`${err.message}\n`, err.status, headers)
    }
    if (err instanceof WireError) return c.text(`${err.message}\n`, 400)
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled', error: String(err) }))
    return c.text('internal error\n', 500)
  })

  async function wireAnswer(c: Context<{ Bindings: Env }>, raw: Uint8Array): Promise<Response> {
    const query = decodeQuery(raw)
    return wireResponse(await resolve(query, raw, depsFor(c.env)))
  }

  async function jsonAnswer(c: Context<{ Bindings: Env }>, contentType: string): Promise<Response> {
    const question = jsonQuestion(c.req.query('name'), c.req.query('type'))
    const cd = ['1', 'true'].includes(c.req.query('cd') ?? '')
    const { query, raw } = queryFor(question, cd)
    const resolved = await resolve(query, raw, depsFor(c.env))
    return c.json(toJson(question, resolved, cd), 200, {
      'content-type': contentType,
      'cache-control': `max-age=${resolved.maxAge}`,
    })
  }

  return app
}
