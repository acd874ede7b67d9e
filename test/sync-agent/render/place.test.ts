/** Where a host is served (placeHost): the host as an object gives it, around spaces and all. */
import { describe, expect, it } from 'vitest'
import { placeHost } from '../../../sync-agent/render/place.ts'

const zones = ['example.com', 'example.org']

describe('placing a host with surrounding spaces', () => {
  it.each([
    [' web.example.com ', { names: ['web.example.com'], relative: false, problems: [] }],
    [' web.default\t', { names: ['web.default.example.com', 'web.default.example.org'], relative: true, problems: [] }],
    // The trailing dot makes it absolute even with a space after it: outside every zone, not served.
    ['other.net. ', { problem: 'host other.net is in none of the zones (example.com, example.org)' }],
  ])('%j is placed as if trimmed', (host, placed) => {
    expect(placeHost(host, zones)).toEqual(placed)
  })
})
