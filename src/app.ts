/**
 * The worker's HTTP surface, wiring only: RFC 8484 DoH on /dns-query (GET and POST), the JSON
 * API on /resolve and /dns-query (accept: application/dns-json), the page and /healthz
 * (src/page/), errors mapped to statuses. Every answered query is reported to the observer
 * (src/observe/). Every path ends in a DNS answer or a 4xx: nothing a client sends yields a 5xx.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { cors } from 'hono/cors'
import type { Env } from './env.ts'
import { answerWire, type WireDeps } from './doh/answer-wire.ts'
import { jsonReply, wireResponse } from './doh/encode.ts'
import { DohError } from './doh/errors.ts'
import { guard } from './doh/guard.ts'
import { jsonQuery } from './doh/json.ts'
import { DNS_JSON, negotiate, queryFromGet, queryFromPost } from './doh/parse.ts'
import { ownersOf } from './env.ts'
import { report } from './observe/query-event.ts'
import type { PageDeps } from './page/routes.ts'
import { pageRoutes } from './page/routes.ts'
import { resolve } from './resolve.ts'

export type WorkerDeps = PageDeps & WireDeps
/** The request is where steering learns the query's place (`request.cf`). */
export type AppDeps = (env: Env, request?: Request) => WorkerDeps

const ALLOW = 'GET, POST, OPTIONS'
type Ctx = Context<{ Bindings: Env }>

export function createApp(depsFor: AppDeps): Hono<{ Bindings: Env }> {
  const app = new Hono<{ Bindings: Env }>()
  const doh = ['/dns-query', '/dns-query/:token'] as const
  const api = ['/resolve', '/resolve/:token'] as const

  // Browsers may call both APIs from any origin (the data is public DNS).
  for (const path of doh) {
    app.use(path, cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['content-type', 'accept'] }), guard())
    app.get(path, async (c) => {
      if (negotiate(c.req.header('accept')) === 'json' && c.req.query('dns') === undefined) {
        return jsonAnswer(c, DNS_JSON)
      }
      return wireAnswer(c, queryFromGet(c.req.query('dns')))
    })
    app.post(path, async (c) => {
      negotiate(c.req.header('accept'))
      return wireAnswer(c, await queryFromPost(c.req.raw))
    })
    app.all(path, () => {
      throw new DohError('method', 'only GET and POST are allowed on /dns-query')
    })
  }
  for (const path of api) {
    app.use(path, cors({ origin: '*', allowMethods: ['GET'] }), guard())
    app.get(path, (c) => jsonAnswer(c, 'application/json'))
  }

  pageRoutes(app, depsFor)

  app.onError((err, c) => {
    if (err instanceof DohError) {
      const headers: Record<string, string> = { vary: 'accept' }
      if (err.status === 405) headers.allow = ALLOW
      if (err.status === 429) headers['retry-after'] = '60'
      return c.text(`${err.message}\n`, err.status, headers)
    }
    // Only a bug reaches here; it is still the server's problem, not the client's input.
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled', error: String(err) }))
    return c.text('internal error\n', 500)
  })

  async function wireAnswer(c: Ctx, raw: Uint8Array): Promise<Response> {
    const deps = depsFor(c.env, c.req.raw)
    const at = { request: c.req.raw, owners: ownersOf(c.env), startedMs: Date.now() }
    const { encoded, query, answered } = await answerWire(raw, deps)
    report(deps.observe, at, query, answered)
    return wireResponse(encoded)
  }

  async function jsonAnswer(c: Ctx, contentType: string): Promise<Response> {
    const deps = depsFor(c.env, c.req.raw)
    const at = { request: c.req.raw, owners: ownersOf(c.env), startedMs: Date.now() }
    const query = jsonQuery(c.req.query('name'), c.req.query('type'), c.req.query('cd'))
    const resolution = await resolve(query, deps)
    report(deps.observe, at, query, resolution)
    const { body, maxAge } = jsonReply(query, resolution.reply, deps.warn)
    return c.json(body, 200, { 'content-type': contentType, 'cache-control': `max-age=${maxAge}`, vary: 'accept' })
  }

  return app
}
