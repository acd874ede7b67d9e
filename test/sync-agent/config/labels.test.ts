import { describe, expect, it } from 'vitest'
import { matchesLabels, parseLabelSelector } from '../../../sync-agent/config/labels.ts'

const matches = (selector: string, labels: Record<string, string>) =>
  matchesLabels(parseLabelSelector(selector), labels)

describe('label selectors', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'api' }, false],
    ['app!=web', {}, true],
    ['app!=web', { app: 'web' }, false],
    ['app', { app: '' }, true],
    ['!app', { app: 'x' }, false],
    ['!app', {}, true],
    ['env in (prod, stage)', { env: 'stage' }, true],
    ['env notin (prod,stage)', { env: 'dev' }, true],
    ['env notin (prod,stage)', { env: 'prod' }, false],
    ['app=web,env in (prod,stage)', { app: 'web', env: 'prod' }, true],
    ['app=web,env in (prod,stage)', { app: 'web', env: 'dev' }, false],
    ['example.com/tier=edge', { 'example.com/tier': 'edge' }, true],
    ['replicas>2', { replicas: '3' }, true],
    ['replicas<2', { replicas: '3' }, false],
    ['app=', { app: '' }, true],
  ])('%s on %j -> %s', (selector, labels, expected) => {
    expect(matches(selector, labels)).toBe(expected)
  })

  it.each(['', 'a b', 'a in ()', 'a in (x', '=x', 'a=b c', '-a=b'])('rejects %j', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow()
  })
})
