/**
 * Which upstream URLs the worker may relay to, one rule for the agent (refusing a Corefile's
 * `forward`) and the worker (distrusting what KV says): DoH over https, or plain http only to
 * loopback, where nothing on the path can read or change the answers. The core has no URL
 * class, so the authority is read with RFC 3986's grammar, which is all this needs.
 */
const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[0-9a-f:.]+\]|[^:/?#[\]]+)(:\d{1,5})?(?=[/?#]|$)/i

/** Why `url` is not an upstream we relay to, or null when it is. */
export function upstreamProblem(url: string): string | null {
  const parts = URL_PARTS.exec(url)
  if (!parts || /\s/.test(url)) return 'not an absolute URL'
  const scheme = parts[1]!.toLowerCase()
  if (scheme === 'https') return null
  if (scheme !== 'http') return `${scheme}: is not http(s)`
  return isLoopback(parts[2]!.toLowerCase()) ? null : 'plain http is allowed to loopback only'
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
}

/**
 * The upstream as logs may show it: scheme, host and port only. DoH profile URLs carry tokens
 * in their path or query, and logs travel further than secrets should.
 */
export function upstreamLabel(url: string): string {
  const parts = URL_PARTS.exec(url)
  return parts ? `${parts[1]!.toLowerCase()}://${parts[2]!}${parts[3] ?? ''}` : '(invalid upstream URL)'
}
