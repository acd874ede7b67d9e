/**
 * leaseApiFrom over real HTTP: client-node's CoordinationV1Api against a small Lease endpoint on
 * 127.0.0.1 that answers as the API server does (404, 409 AlreadyExists, 409 Conflict).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CoordinationV1Api, KubeConfig } from '@kubernetes/client-node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LeaseApi, LeaseSpec } from '../../../sync-agent/ops/leader.ts'
import { LeaseConflictError, runLeaderElection } from '../../../sync-agent/ops/leader.ts'
import { leaseApiFrom } from '../../../sync-agent/ops/lease-client.ts'

const PATH = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/?]+))?/
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/

interface Stored {
  metadata: { name: string; namespace: string; resourceVersion: string }
  spec: Record<string, unknown>
}

let server: Server
let leases: Map<string, Stored>
let bodies: { method: string; body: Stored }[]
let failNext: number | null
let api: LeaseApi

const status = (code: number, reason: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  reason,
  code,
})

beforeEach(async () => {
  leases = new Map()
  bodies = []
  failNext = null
  let rv = 0
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const reply = (code: number, body: unknown) => {
      response.writeHead(code, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    const match = PATH.exec(request.url ?? '')
    if (!match) return reply(404, status(404, 'NotFound'))
    if (failNext) {
      const code = failNext
      failNext = null
      return reply(code, status(code, 'InternalError'))
    }
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Stored) : null
    if (body) bodies.push({ method: request.method!, body })
    const key = `${match[1]}/${match[2] ?? body?.metadata.name}`
    const current = leases.get(key)
    const store = (code: number) => {
      const stored = { ...body!, metadata: { ...body!.metadata, resourceVersion: String(++rv) } }
      leases.set(key, stored)
      reply(code, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', ...stored })
    }
    if (request.method === 'GET')
      return current ? reply(200, current) : reply(404, status(404, 'NotFound'))
    if (request.method === 'POST')
      return current ? reply(409, status(409, 'AlreadyExists')) : store(201)
    if (request.method === 'PUT') {
      if (!current) return reply(404, status(404, 'NotFound'))
      if (current.metadata.resourceVersion !== body!.metadata.resourceVersion) {
        return reply(409, status(409, 'Conflict'))
      }
      return store(200)
    }
    reply(405, status(405, 'MethodNotAllowed'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [
      {
        name: 'test',
        server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'test' }],
    contexts: [{ name: 'test', cluster: 'test', user: 'test' }],
    currentContext: 'test',
  })
  api = leaseApiFrom(kc.makeApiClient(CoordinationV1Api))
})

afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())))

const spec = (holder: string | null, at: number): LeaseSpec => ({
  holderIdentity: holder,
  leaseDurationSeconds: 15,
  acquireTime: new Date(at),
  renewTime: new Date(at),
  leaseTransitions: 2,
})

describe('leaseApiFrom (CoordinationV1Api)', () => {
  it('maps 404 to null, creates, and reads back dates and the resourceVersion', async () => {
    expect(await api.get('ns', 'lock')).toBeNull()
    const at = Date.UTC(2026, 0, 2, 3, 4, 5, 678)
    const created = await api.create('ns', 'lock', spec('a', at))
    expect(created).toEqual({ resourceVersion: '1', spec: spec('a', at) })
    expect(await api.get('ns', 'lock')).toEqual(created)
    // MicroTime on the wire: six fractional digits, as the API server requires.
    expect(bodies[0]!.body.spec.renewTime).toMatch(MICRO_TIME)
    expect(bodies[0]!.body.spec.renewTime).toBe('2026-01-02T03:04:05.678000Z')
    expect(bodies[0]!.body.metadata).toEqual({ name: 'lock', namespace: 'ns' })
  })

  it('turns 409 on create and on a stale replace into LeaseConflictError', async () => {
    const first = await api.create('ns', 'lock', spec('a', 0))
    await expect(api.create('ns', 'lock', spec('b', 0))).rejects.toBeInstanceOf(LeaseConflictError)
    const second = await api.replace('ns', 'lock', { ...first, spec: spec('a', 1000) })
    expect(second.resourceVersion).toBe('2')
    await expect(
      api.replace('ns', 'lock', { ...first, spec: spec('b', 2000) }),
    ).rejects.toBeInstanceOf(LeaseConflictError)
    expect(bodies.at(-1)!.body.metadata.resourceVersion).toBe('1')
  })

  it('clears holderIdentity on release and passes other errors through with their status', async () => {
    const first = await api.create('ns', 'lock', spec('a', 0))
    const released = await api.replace('ns', 'lock', { ...first, spec: spec(null, 0) })
    expect(released.spec.holderIdentity).toBeNull()
    expect(bodies.at(-1)!.body.spec).not.toHaveProperty('holderIdentity')
    failNext = 500
    const error = await api.get('ns', 'lock').catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(LeaseConflictError)
    expect((error as { code: number }).code).toBe(500)
  })

  it('elects over HTTP, and hands over on release within a retry period', async () => {
    const durations = { leaseDuration: 3, renewDeadline: 2, retryPeriod: 0.2 }
    const events: string[] = []
    const start = (identity: string) => {
      const shutdown = new AbortController()
      const done = runLeaderElection({
        api,
        namespace: 'ns',
        name: 'lock',
        identity,
        durations,
        random: () => 0,
        signal: shutdown.signal,
        onStartedLeading: () => void events.push(`${identity} started`),
        onStoppedLeading: () => void events.push(`${identity} stopped`),
      })
      return () => (shutdown.abort(), done)
    }
    const stopA = start('a')
    await expect.poll(() => events).toEqual(['a started'])
    const stopB = start('b')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(events).toEqual(['a started'])
    const releasedAt = Date.now()
    await stopA()
    await expect
      .poll(() => events, { timeout: 2000 })
      .toEqual(['a started', 'a stopped', 'b started'])
    expect(Date.now() - releasedAt).toBeLessThan(1500)
    await stopB()
    expect(leases.get('ns/lock')?.spec.holderIdentity).toBeUndefined()
  })
})
