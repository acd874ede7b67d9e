/**
 * "Use this resolver": how each client is pointed at this worker, derived from the URL the
 * page was requested on (so a custom domain or a local `npm start` shows its own URL).
 */
export interface Snippet {
  client: string
  /** Where to put it, for clients configured in a settings screen. */
  where?: string
  text: string
}

export function snippets(dohUrl: string, exampleName: string): Snippet[] {
  const url = new URL(dohUrl)
  const secure = url.protocol === 'https:'
  const port = url.port ? ` -p ${url.port}` : ''
  const server = url.hostname.replace(/^\[|\]$/g, '')
  const out: Snippet[] = [
    {
      client: 'Firefox',
      where: 'about:config (or Settings › Privacy & Security › DNS over HTTPS › Max Protection › Custom)',
      text: `network.trr.uri = ${dohUrl}\nnetwork.trr.mode = 3`,
    },
    {
      client: 'Chrome, Edge',
      where: 'Settings › Privacy and security › Security › Use secure DNS › Add custom DNS service provider',
      text: dohUrl,
    },
    { client: 'curl', text: `curl --doh-url ${dohUrl} https://${exampleName}/` },
  ]
  if (secure) {
    out.push(
      { client: 'kdig (Knot)', text: `kdig @${server}${port} +https=${url.pathname} ${exampleName}` },
      { client: 'dig (BIND 9.18+)', text: `dig @${server}${port} +https=${url.pathname} ${exampleName}` },
    )
  } else {
    // Browsers and kdig speak DoH over TLS only; dig also speaks it in the clear (local runs).
    out.push({ client: 'dig (BIND 9.18+)', text: `dig @${server}${port} +http-plain=${url.pathname} ${exampleName}` })
  }
  return out
}
