import { createHash } from 'node:crypto'

/**
 * A short digest of a KV value, stored as the key's metadata so the agent can diff against KV
 * by listing keys alone (a list returns metadata; reading every value would cost a read each).
 */
export function contentHash(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22)
}
