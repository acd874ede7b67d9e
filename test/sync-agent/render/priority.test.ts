import { describe, expect, it } from 'vitest'
import { dnsEndpoint, ingress, names, service } from '../helpers.ts'

const web = ingress('web', ['web.example.com'], [{ ip: '192.0.2.1' }])
const annotated = service('web', [{ ip: '192.0.2.2' }], {
  annotations: { 'coredns.io/hostname': 'web.example.com' },
})
const txtOnly = dnsEndpoint('web', [
  { dnsName: 'web.example.com', recordType: 'TXT', targets: ['hello'] },
])

describe('resources order is lookup priority', () => {
  it('lets the first kind with data for a name answer, ignoring later kinds', () => {
    expect(
      names([web, annotated], { resources: ['Ingress', 'Service'] })['web.example.com']
    ).toEqual({
      a: ['192.0.2.1'],
    })
    expect(
      names([web, annotated], { resources: ['Service', 'Ingress'] })['web.example.com']
    ).toEqual({
      a: ['192.0.2.2'],
    })
  })

  it('decides per name: a lower kind still serves names the higher one does not have', () => {
    const other = service('db', [{ ip: '192.0.2.3' }])
    expect(
      Object.keys(names([web, annotated, other], { resources: ['Ingress', 'Service'] }))
    ).toEqual(['db.default.example.com', 'web.example.com'])
  })

  it('counts TXT as data, as upstream returns raws too (a TXT winner hides addresses)', () => {
    const result = names([web, txtOnly], { resources: ['DNSEndpoint', 'Ingress'] })
    expect(result['web.example.com']).toEqual({ txt: ['hello'] })
  })

  it('gives a kind without data for the name no say (a pending Ingress does not shadow)', () => {
    const pending = ingress('pending', ['web.example.com'], [])
    expect(
      names([pending, annotated], { resources: ['Ingress', 'Service'] })['web.example.com']
    ).toEqual({
      a: ['192.0.2.2'],
    })
  })

  it('applies to relative and absolute keys of one kind together', () => {
    const relative = ingress('rel', ['app'], [{ ip: '192.0.2.7' }])
    const absolute = ingress('abs', ['app.example.com'], [{ ip: '192.0.2.8' }])
    expect(names([relative, absolute, annotated])['app.example.com']).toEqual({
      a: ['192.0.2.7', '192.0.2.8'],
    })
  })
})
