import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/** Runs the agent CLI as a user would (`npm run agent -- ...` is `tsx sync-agent/main.ts ...`). */
function agent(...args: string[]) {
  const result = spawnSync('npx', ['tsx', 'sync-agent/main.ts', ...args], { encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const examples = ['--config', 'examples/Corefile', '--manifests', 'examples/manifests']

describe('agent render', () => {
  it('prints the examples record set as JSON, warnings on stderr, exit 0', () => {
    const { code, stdout, stderr } = agent('render', ...examples)
    expect(code).toBe(0)
    const set = JSON.parse(stdout)
    expect(set).toMatchObject({
      version: 3,
      owner: 'default',
      upstream: null,
    })
    expect(set.names['web.example.com']).toEqual({ a: ['192.0.2.10'], aaaa: ['2001:db8::10'] })
    expect(set.names['internal.example.com']).toBeUndefined() // the ignored Ingress
    expect(set.zones.map((z: { zone: string }) => z.zone)).toEqual(['example.com', 'example.org', '2.0.192.in-addr.arpa'])
    expect(set.names['10.2.0.192.in-addr.arpa']).toEqual({ ptr: ['a.b.example.com', 'web.example.com'] })
    expect(stdout).toBe(`${JSON.stringify(set, null, 2)}\n`)
    expect(stderr).toBe('')
  }, 30_000)

  it('prints every zone as a master file with --format zonefile, one with --zone', () => {
    const all = agent('render', ...examples, '--format', 'zonefile')
    expect(all.code).toBe(0)
    expect(all.stdout.match(/^; zone .*/gm)).toEqual([
      '; zone example.com, owner default, record-set version 3',
      '; zone example.org, owner default, record-set version 3',
      '; zone 2.0.192.in-addr.arpa, owner default, record-set version 3',
    ])
    const one = agent('render', ...examples, '--format', 'zonefile', '--zone', '2.0.192.IN-ADDR.ARPA.')
    expect(one.code).toBe(0)
    expect(one.stdout).toMatch(/^; zone 2\.0\.192\.in-addr\.arpa, .*\n2\.0\.192\.in-addr\.arpa\. 60 IN SOA /)
    expect(one.stdout).toContain('10.2.0.192.in-addr.arpa. 30 IN PTR web.example.com.\n')
    expect(one.stdout.match(/ SOA /g)).toHaveLength(1)
  }, 30_000)

  it('sets the owner from --owner', () => {
    const { code, stdout } = agent('render', ...examples, '--owner', 'eu-1')
    expect(code).toBe(0)
    expect(JSON.parse(stdout).owner).toBe('eu-1')
  }, 30_000)

  it.each([
    [
      ['--config', 'test/fixtures/corefiles/bad-ttl', '--manifests', 'examples/manifests'],
      'test/fixtures/corefiles/bad-ttl:4: ttl must be in range [0, 3600]: 5000',
    ],
    [
      [
        '--config',
        'examples/Corefile',
        '--manifests',
        'test/fixtures/manifests/bad/missing-kind.yaml',
      ],
      'missing-kind.yaml: document 2: missing kind',
    ],
    [
      ['--config', 'nope/Corefile', '--manifests', 'examples/manifests'],
      'nope/Corefile: cannot read',
    ],
    [['--config', 'examples/Corefile'], '--config and --manifests are required'],
    [[...examples, '--owner', 'Bad/Owner'], 'invalid owner "Bad/Owner"'],
    [[...examples, '--bogus'], "Unknown option '--bogus'"],
    [[...examples, '--format', 'yaml'], '--format must be json or zonefile, got "yaml"'],
    [[...examples, '--zone', 'example.com'], '--zone needs --format zonefile'],
    [[...examples, '--format', 'zonefile', '--zone', 'example.net'], '--zone example.net is not among the zones (example.com, example.org, 2.0.192.in-addr.arpa)'],
  ])(
    'exits 2 with a message on stderr: %j',
    (args, message) => {
      const { code, stdout, stderr } = agent('render', ...args)
      expect(code).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toContain(message)
    },
    30_000
  )
})

describe('agent', () => {
  it('prints usage for --help and for render --help', () => {
    const top = agent('--help')
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('render  print the record set')
    const render = agent('render', '--help')
    expect(render.code).toBe(0)
    expect(render.stdout).toContain(
      'Usage: agent render --config <Corefile> --manifests <file-or-dir>'
    )
  }, 30_000)

  it('exits 2 on an unknown command', () => {
    const { code, stderr } = agent('frobnicate')
    expect(code).toBe(2)
    expect(stderr).toContain('unknown command "frobnicate"')
  }, 30_000)
})
