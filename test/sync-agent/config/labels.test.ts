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
    // A missing key fails every requirement but `!k`, `!=` and `notin`.
    ['app', {}, false],
    ['app=web', {}, false],
    ['env in (prod)', {}, false],
    ['app!=web', { app: 'api' }, true],
    // `>` and `<` are strict, need the key, and compare only whole integers.
    ['replicas<5', { replicas: '3' }, true],
    ['replicas<5', { replicas: '-1' }, true],
    ['replicas>3', { replicas: '3' }, false],
    ['replicas<3', { replicas: '3' }, false],
    ['replicas>2', {}, false],
    ['replicas<5', {}, false],
    ['replicas>2', { replicas: 'many' }, false],
    ['replicas<5', { replicas: 'x' }, false],
    ['replicas<5', { replicas: '3x' }, false],
    ['replicas<5', { replicas: 'x3' }, false],
    // Whole decimal integers only, as Go's ParseInt: what Number() would also read is no number here.
    ['replicas>2', { replicas: '10' }, true],
    ['replicas<20', { replicas: '10' }, true],
    ['replicas<5', { replicas: '' }, false],
    ['replicas>2', { replicas: '1e3' }, false],
    ['replicas<5', { replicas: '1e0' }, false],
    ['replicas>2', { replicas: '0x10' }, false],
    ['replicas<20', { replicas: '0x10' }, false],
    ['replicas>2', { replicas: '3.5' }, false],
    ['replicas<5', { replicas: '3.5' }, false],
    // Spaces after a comma are allowed; commas inside `(...)` do not split requirements.
    ['a=b, c=d', { a: 'b', c: 'd' }, true],
    ['a=b, c=d', { a: 'b', c: 'e' }, false],
    ['env in (prod,stage),app=web', { env: 'stage', app: 'web' }, true],
    ['env in (prod,stage),app=web', { env: 'stage', app: 'api' }, false],
  ])('%s on %j -> %s', (selector, labels, expected) => {
    expect(matches(selector, labels)).toBe(expected)
  })

  // Each refusal says why, so a deleted check shows as a different message, not a pass.
  it.each([
    ['', 'empty label selector'],
    ['  ', 'empty label selector'],
    ['a b', 'invalid label selector requirement "a b"'],
    ['a in ()', 'invalid value list in "a in ()"'],
    ['a in (x, -y)', 'invalid value list in "a in (x, -y)"'],
    ['a in (x', 'invalid label selector requirement "a in (x"'],
    ['=x', 'invalid label selector requirement "=x"'],
    ['a=b c', 'invalid label selector requirement "a=b c"'],
    ['-a=b', 'invalid label selector requirement "-a=b"'],
    ['a=b,', 'invalid label selector requirement ""'],
  ])('rejects %j: %s', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(new Error(message))
  })
})
