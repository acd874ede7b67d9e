/** Reading untrusted object fields: a field of the wrong type reads as absent, never throws. */
import { describe, expect, it } from 'vitest'
import { kindOf, stringMap } from '../../../sync-agent/render/objects.ts'
import type { KubeObject } from '../../../sync-agent/render/types.ts'

describe('string maps (labels, annotations)', () => {
  it('keeps the string values and drops the others', () => {
    const o = { metadata: { labels: { app: 'web', replicas: 3, on: true, nested: { a: 'b' }, none: null } } }
    expect(stringMap(o, 'metadata', 'labels')).toEqual({ app: 'web' })
  })
})

describe('kinds', () => {
  it.each([
    ['a number', 1],
    ['missing', undefined],
    ['an object', { group: 'networking.k8s.io' }],
  ])('an apiVersion that is %s is no kind of ours', (_, apiVersion) => {
    const o = { apiVersion, kind: 'Ingress', metadata: { name: 'web' } } as unknown as KubeObject
    expect(kindOf(o)).toBeNull()
  })

  it('reads a kind by its API group', () => {
    expect(kindOf({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' })).toBe('Ingress')
    expect(kindOf({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway' })).toBeNull()
  })
})
