/**
 * The page's routes: `/` (status, lookup, "use this resolver"), the Apple profile, /healthz.
 * The page and the profile sit behind the same guard as the APIs: with DOH_TOKEN set the
 * resolver is private, so its page is too (it would hand out the URL); /healthz stays open
 * for uptime checks and says only whether each owner's meta is readable.
 */
import type { Context, Hono } from 'hono'
import type { Env } from '../env.ts'
import { ownersOf, steeringOf } from '../env.ts'
import { guard } from '../doh/guard.ts'
import type { QueryObserver } from '../observe/query-event.ts'
import { report } from '../observe/query-event.ts'
import type { ResolveDeps } from '../resolve.ts'
import { contentSecurityPolicy, layout } from './layout.ts'
import { pageLookup } from './lookup.ts'
import { lookupView } from './lookup-view.ts'
import { MOBILECONFIG_TYPE, mobileconfig } from './mobileconfig.ts'
import type { OwnerStatusReader } from './owner-status.ts'
import { createOwnerStatusReader, healthProblems } from './owner-status.ts'
import { MOBILECONFIG_PATH, resolverView } from './resolver-view.ts'
import type { StatusInput } from './status-view.ts'
import { statusView } from './status-view.ts'

export interface PageDeps extends ResolveDeps {
  /** Each owner's meta, for the status table and /healthz; default: read from RECORDS each time. */
  owners?: OwnerStatusReader
  observe?: QueryObserver
}

type Ctx = Context<{ Bindings: Env }>

export function pageRoutes(app: Hono<{ Bindings: Env }>, depsFor: (env: Env, request?: Request) => PageDeps): void {
  app.get('/', guard(), async (c) => {
    const deps = depsFor(c.env, c.req.raw)
    const startedMs = Date.now()
    const [status, lookup] = await Promise.all([readStatus(c.env, deps), pageLookup(c.req.query('name'), c.req.query('type'), deps)])
    if (lookup.kind === 'answered') {
      report(deps.observe, { request: c.req.raw, owners: ownersOf(c.env), startedMs }, lookup.query, lookup.resolution)
    }
    const zones = status.ok ? status.states.flatMap((s) => (s.state === 'published' ? s.meta.zones : [])) : []
    const example = zones[0] ? `web.${zones[0].zone}` : 'web.example.com'
    const nonce = makeNonce()
    const html = await layout(nonce, statusView(status, Date.now(), steeringOf(c.env).config), lookupView(lookup, example), resolverView(dohUrl(c), example))
    return c.html(html, lookup.kind === 'invalid' ? 400 : 200, {
      'content-security-policy': contentSecurityPolicy(nonce),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    })
  })

  app.get(MOBILECONFIG_PATH, guard(), async (c) =>
    c.body(await mobileconfig(dohUrl(c)), 200, {
      'content-type': MOBILECONFIG_TYPE,
      'content-disposition': 'attachment; filename="k8s-gateway-doh.mobileconfig"',
    }),
  )

  app.get('/healthz', async (c) => {
    const status = await readStatus(c.env, depsFor(c.env))
    const steering = steeringOf(c.env)
    const problems = [...(status.ok ? healthProblems(status.states, Date.now(), steering.config) : [`KV read failed: ${status.error}`]), ...steering.problems]
    const body = problems.length ? problems.join('\n') : `ok: ${status.ok ? status.states.length : 0} owner(s) published`
    return c.text(`${body}\n`, problems.length ? 503 : 200, { 'cache-control': 'no-store' })
  })
}

async function readStatus(env: Env, deps: PageDeps): Promise<StatusInput> {
  const read = deps.owners ?? createOwnerStatusReader(env.RECORDS, { owners: ownersOf(env), cacheSeconds: 0 })
  try {
    return { ok: true, states: await read() }
  } catch (err) {
    deps.warn(`owner status read failed: ${(err as Error).message}`)
    return { ok: false, error: (err as Error).message }
  }
}

/** The URL clients reach this worker on, as this request did (a custom domain, or npm start). */
function dohUrl(c: Ctx): string {
  return `${new URL(c.req.url).origin}/dns-query`
}

function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes))
}
