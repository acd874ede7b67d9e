/**
 * The watch edge slims every object once: server-side apply's managedFields and kubectl's
 * last-applied copy never reach client-node's cache, the snapshot or the renderers, while all
 * they read stays. Pure cases, then objects from a fake API server's list and watch.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { render } from '../../sync-agent/render/render.ts'
import { kindsFor } from '../../sync-agent/watch/kinds.ts'
import { LAST_APPLIED, slimObject } from '../../sync-agent/watch/slim.ts'
import { watchAgainst } from './fake-cluster.ts'
import { testConfig } from './helpers.ts'

const managedFields = [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:rules': {} } } }]

const fullIngress = (name: string, rv: string, ip: string) => ({
  metadata: {
    name,
    namespace: 'ns',
    uid: `uid-${name}`,
    resourceVersion: rv,
    generation: 3,
    creationTimestamp: '2026-12-01T10:00:00Z',
    labels: { app: name },
    annotations: { [LAST_APPLIED]: JSON.stringify({ big: 'x'.repeat(1000) }), 'coredns.io/hostname': `${name}.example.com` },
    managedFields,
    finalizers: ['example.com/keep'],
  },
  spec: { rules: [{ host: `${name}.example.com` }] },
  status: { loadBalancer: { ingress: [{ ip }] } },
})

describe('slimObject', () => {
  it('keeps name, namespace, resourceVersion, labels, other annotations and every field besides metadata', () => {
    expect(slimObject(fullIngress('web', '5', '192.0.2.1'), 'networking.k8s.io/v1', 'Ingress')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'ns', resourceVersion: '5', labels: { app: 'web' }, annotations: { 'coredns.io/hostname': 'web.example.com' } },
      spec: { rules: [{ host: 'web.example.com' }] },
      status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } },
    })
  })

  it('renders the same records from the slim object as from the full one', () => {
    const full = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', ...fullIngress('web', '5', '192.0.2.1') }
    const slim = slimObject(full, 'networking.k8s.io/v1', 'Ingress')
    const config = testConfig()
    expect(render([slim], config).recordSet).toEqual(render([full], config).recordSet)
  })

  it('reads objects without metadata, or with metadata of the wrong type, as having none', () => {
    expect(slimObject({ spec: {} }, 'v1', 'Service')).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: {}, spec: {} })
    expect(slimObject({ metadata: 'x' }, 'v1', 'Service')).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: {} })
  })
})

describe('the watch edge', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => close?.())

  it('puts slim objects into the snapshot, from the list and from watch events', async () => {
    const watching = await watchAgainst((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      res.setHeader('content-type', 'application/json')
      if (url.pathname === '/apis/networking.k8s.io') return res.end(JSON.stringify({ versions: [{ version: 'v1' }] }))
      if (url.pathname !== '/apis/networking.k8s.io/v1/ingresses') return res.writeHead(404).end('{}')
      if (url.searchParams.get('watch') !== 'true') {
        return res.end(JSON.stringify({ metadata: { resourceVersion: '5' }, items: [fullIngress('listed', '5', '192.0.2.1')] }))
      }
      res.writeHead(200)
      res.write(`${JSON.stringify({ type: 'ADDED', object: fullIngress('added', '6', '192.0.2.2') })}\n`)
      res.write(`${JSON.stringify({ type: 'MODIFIED', object: fullIngress('listed', '7', '192.0.2.3') })}\n`)
      res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', metadata: { resourceVersion: '8' } } })}\n`)
    }, kindsFor(['Ingress'])[0]!)
    close = watching.close
    const { snapshot } = watching
    const deadline = Date.now() + 5_000
    const rvs = () => snapshot.objects().map((o) => (o.metadata as { resourceVersion?: string }).resourceVersion).sort()
    while (rvs().join() !== '6,7') {
      if (Date.now() > deadline) throw new Error(`events not seen: ${rvs()}`)
      await new Promise((r) => setTimeout(r, 20))
    }
    for (const o of snapshot.objects()) {
      expect(Object.keys(o.metadata as object).sort()).toEqual(['annotations', 'labels', 'name', 'namespace', 'resourceVersion'])
      expect(Object.keys((o.metadata as { annotations: object }).annotations)).toEqual(['coredns.io/hostname'])
      expect(o).toMatchObject({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' })
    }
    const byName = Object.fromEntries(snapshot.objects().map((o) => [(o.metadata as { name: string }).name, o.status]))
    expect(byName).toEqual({ listed: { loadBalancer: { ingress: [{ ip: '192.0.2.3' }] } }, added: { loadBalancer: { ingress: [{ ip: '192.0.2.2' }] } } })
  })
})
