/** The publisher `agent sync --publisher ...` asks for, from its flags and environment. */
import type { Logger } from '../ops/log.ts'
import { dryRunPublisher } from './dry-run.ts'
import { kvRestPublisher, tokenFromEnv } from './kv-rest.ts'
import type { Publisher } from './publisher.ts'

export type PublisherFlags = Record<string, string | string[] | boolean | undefined>

export async function openPublisher(values: PublisherFlags, log: Logger, print: (text: string) => void): Promise<Publisher> {
  const kind = String(values.publisher)
  const kvRest = (): Publisher => {
    const accountId = (values['account-id'] as string | undefined) ?? process.env.CLOUDFLARE_ACCOUNT_ID
    const namespaceId = (values['namespace-id'] as string | undefined) ?? process.env.KV_NAMESPACE_ID
    if (!accountId || !namespaceId) throw new Error('kv-rest needs --account-id and --namespace-id (or CLOUDFLARE_ACCOUNT_ID, KV_NAMESPACE_ID)')
    return kvRestPublisher({
      accountId,
      namespaceId,
      token: tokenFromEnv(),
      apiBase: values['kv-api-base'] as string | undefined,
      onRetry: (message) => log.warn(message, { component: 'kv-rest' }),
    })
  }
  switch (kind) {
    case 'kv-rest':
      return kvRest()
    case 'local-kv': {
      // Loaded only here: it needs wrangler, a development dependency the image leaves out.
      const { openLocalKv } = await import('./local-kv.ts')
      return openLocalKv({ configPath: 'wrangler.toml', persistTo: String(values['persist-to']) })
    }
    case 'dry-run': {
      const hasKv = values['account-id'] ?? process.env.CLOUDFLARE_ACCOUNT_ID
      return dryRunPublisher((line) => print(`${line}\n`), hasKv ? kvRest() : undefined)
    }
    default:
      throw new Error(`--publisher must be kv-rest, local-kv or dry-run, not "${kind}"`)
  }
}
