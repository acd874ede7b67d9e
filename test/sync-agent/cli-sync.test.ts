/** `agent sync` refuses bad input before it touches a cluster or KV, with exit code 2. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Io } from '../../sync-agent/cli/command.ts'
import { main } from '../../sync-agent/cli/main.ts'

async function sync(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }
  const code = await main(['sync', ...args], io)
  return { code, stdout, stderr }
}

const kubeconfig = ['--kubeconfig', 'test/fixtures/kubeconfig-loopback.yaml']

describe('agent sync input checks', () => {
  it('prints its usage with --help', async () => {
    const { code, stdout } = await sync('--help')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: agent sync --config <Corefile>/)
  })
  it.each([
    [[], 'agent sync: --config is required'],
    [['--config', 'examples/Corefile', '--owner', 'a/b'], /owner/],
    [['--config', 'examples/Corefile', '--log-level', 'loud'], /loud/],
    [['--config', 'examples/Corefile', '--resync', '1'], 'agent sync: --resync must be a number of seconds, at least 10'],
    [['--config', 'examples/Corefile', '--listen', 'nowhere'], /--listen must be host:port/],
    [['--config', 'examples/Corefile', '--max-kv-writes-per-day', '0'], 'agent sync: --max-kv-writes-per-day must be a whole number, at least 1'],
    [['--config', 'examples/Corefile', '--heartbeat', '3601'], 'agent sync: --heartbeat must be 0 (off) or whole seconds from 5 to 3600'],
    [['--config', 'examples/Corefile', '--heartbeat', '2'], 'agent sync: --heartbeat must be 0 (off) or whole seconds from 5 to 3600'],
    [['--config', 'examples/Corefile', '--location', 'here'], 'agent sync: --location must be LAT,LON in degrees (e.g. 50.11,8.68), not "here"'],
    [['--config', 'examples/Corefile', '--serves', 'Europe'], 'agent sync: --serves must list two-letter continent (EU, NA, AS, OC, SA, AF, AN) or country codes, not "Europe"'],
    [['--config', 'examples/Corefile', '--region', 'eu central'], 'agent sync: --region/--location/--serves: region: not a short printable name'],
    [['--config', 'test/fixtures/corefiles/bad-ttl'], 'agent sync: test/fixtures/corefiles/bad-ttl:4: ttl must be in range [0, 3600]: 5000'],
    [['--config', 'examples/Corefile', ...kubeconfig, '--publisher', 'ftp'], 'agent sync: --publisher must be kv-rest, local-kv or dry-run, not "ftp"'],
    [['--config', 'examples/Corefile', ...kubeconfig], /kv-rest needs --account-id and --namespace-id/],
    [['--config', 'examples/Corefile', '--kubeconfig', 'test/fixtures/missing.yaml'], /^agent sync: kubeconfig: /],
  ])('sync %j exits 2', async (args, message) => {
    const { code, stderr } = await sync(...(args as string[]))
    expect(code).toBe(2)
    if (typeof message === 'string') expect(stderr.trim()).toBe(message)
    else expect(stderr).toMatch(message)
  })
  it('names the missing token without starting', async () => {
    const saved = { ...process.env }
    delete process.env.CLOUDFLARE_API_TOKEN
    delete process.env.CLOUDFLARE_API_TOKEN_FILE
    try {
      const { code, stderr } = await sync('--config', 'examples/Corefile', ...kubeconfig, '--account-id', 'a', '--namespace-id', 'n')
      expect(code).toBe(2)
      expect(stderr.trim()).toBe('agent sync: no API token: set CLOUDFLARE_API_TOKEN or CLOUDFLARE_API_TOKEN_FILE')
    } finally {
      process.env = saved
    }
  })
  it('says in one line that there is no cluster, instead of trying localhost:8080', async () => {
    const saved = { ...process.env }
    const home = mkdtempSync(join(tmpdir(), 'k8sgw-home-'))
    process.env.HOME = home
    delete process.env.KUBECONFIG
    delete process.env.KUBERNETES_SERVICE_HOST
    try {
      const { code, stderr } = await sync('--config', 'examples/Corefile', '--publisher', 'dry-run', '--once')
      expect(code).toBe(2)
      expect(stderr).toBe(
        `agent sync: no cluster to watch: not in a pod (KUBERNETES_SERVICE_HOST unset), KUBECONFIG unset and no ${home}/.kube/config; pass --kubeconfig FILE\n`,
      )
    } finally {
      process.env = saved
      rmSync(home, { recursive: true })
    }
  })
})

describe('agent sync --once', () => {
  it('exits 1 naming the kinds it could not list, though it published what it had', async () => {
    const { code, stdout, stderr } = await sync('--config', 'examples/Corefile', ...kubeconfig, '--publisher', 'dry-run', '--once', '--log-level', 'error', '--listen', '127.0.0.1:0')
    expect(code).toBe(1)
    expect(stdout).toContain('put v1/meta/default') // upsert-only: the zone, no deletes
    expect(stderr).toMatch(/^agent sync: --once: could not list Ingress \(.*ECONNREFUSED.*\), Service \(/)
  }, 20_000)
})
