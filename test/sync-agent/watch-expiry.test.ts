/**
 * A watch that expires (410 Gone, as the API server answers a resourceVersion compacted away)
 * is listed again by client-node's ListWatch on its own; the watcher counts it as a restart with
 * reason "expired" (k8s_gateway_doh_watch_restarts_total) and the snapshot takes the new list.
 * Against a small fake API server over plain HTTP.
 */
import type { RequestListener } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { kindsFor } from '../../sync-agent/watch/kinds.ts'
import { watchAgainst } from './fake-cluster.ts'

const ingress = (name: string, rv: string) => ({ metadata: { name, namespace: 'ns', resourceVersion: rv }, spec: { rules: [{ host: `${name}.example.com` }] } })

/** Lists return `lists[n]` (the last one from then on); a watch from "1" expires, later ones stay open. */
function fakeApi(lists: { rv: string; items: object[] }[]) {
  let listCalls = 0
  const handler: RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'application/json')
    if (url.pathname === '/apis/networking.k8s.io') return res.end(JSON.stringify({ versions: [{ version: 'v1' }] }))
    if (url.pathname !== '/apis/networking.k8s.io/v1/ingresses') return res.writeHead(404).end('{}')
    if (url.searchParams.get('watch') !== 'true') {
      const list = lists[Math.min(listCalls++, lists.length - 1)]!
      return res.end(JSON.stringify({ metadata: { resourceVersion: list.rv }, items: list.items }))
    }
    res.writeHead(200)
    if (url.searchParams.get('resourceVersion') === '1') {
      const gone = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 1 (7)' }
      return res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`)
    }
    res.write('') // hold the watch open until the test ends
  }
  return { handler, lists: () => listCalls }
}

describe('watch expiry', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => close?.())

  it('lists again after 410 Gone and reports a restart with reason "expired"', async () => {
    const api = fakeApi([
      { rv: '1', items: [ingress('old', '1')] },
      { rv: '7', items: [ingress('new', '7')] },
    ])
    const restarts: string[] = []
    const states: string[] = []
    const watching = await watchAgainst(api.handler, kindsFor(['Ingress'])[0]!, {
      onState: (_k, state) => states.push(state),
      onRestart: (k, reason) => restarts.push(`${k}:${reason}`),
    })
    close = watching.close
    const { snapshot } = watching
    const deadline = Date.now() + 5_000
    while (api.lists() < 2 || snapshot.objects().some((o) => (o.metadata as { name?: string } | undefined)?.name === 'old')) {
      if (Date.now() > deadline) throw new Error(`no relist: lists ${api.lists()}, restarts ${restarts}`)
      await new Promise((r) => setTimeout(r, 20))
    }
    await new Promise((r) => setTimeout(r, 50))
    expect(snapshot.objects().map((o) => (o.metadata as { name?: string } | undefined)?.name)).toEqual(['new'])
    expect(restarts).toEqual(['Ingress:expired'])
    expect(states).toEqual(['listed', 'listed'])
  })
})
