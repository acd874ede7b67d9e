/** "Use this resolver": the DoH URL, a snippet per client, and the Apple profile to download. */
import { jsx as h } from 'hono/jsx'
import { snippets } from './snippets.ts'

export const MOBILECONFIG_PATH = '/k8s-gateway-doh.mobileconfig'

export function resolverView(dohUrl: string, exampleName: string) {
  return h(
    'section',
    { 'aria-labelledby': 'use-h' },
    h('h2', { id: 'use-h' }, 'Use this resolver'),
    h('p', null, 'DNS-over-HTTPS URL: ', h('code', { id: 'doh-url' }, dohUrl)),
    dohUrl.startsWith('https:')
      ? null
      : h('p', { class: 'muted' }, 'This page came over plain HTTP (a local run): browsers and phones take DoH over HTTPS only, as the Cloudflare edge serves it.'),
    h(
      'dl',
      null,
      ...snippets(dohUrl, exampleName).flatMap((s) => [
        h('dt', null, s.client),
        h('dd', null, s.where ? h('span', { class: 'muted' }, s.where) : null, h('pre', null, s.text)),
      ]),
      h('dt', null, 'iOS, iPadOS, macOS'),
      h('dd', null, h('a', { href: MOBILECONFIG_PATH, download: 'k8s-gateway-doh.mobileconfig' }, 'Download the configuration profile'), h('span', { class: 'muted' }, ' then install it in Settings › General › VPN & Device Management.')),
    ),
    h('p', { class: 'muted' }, 'Also: JSON at ', h('code', null, '/resolve?name=&type='), ', health at ', h('a', { href: '/healthz' }, '/healthz'), '.'),
  )
}
