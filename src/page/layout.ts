/** The HTML document around the page's sections: head, inline style and script, landmarks. */
import type { Child } from 'hono/jsx'
import { jsx as h } from 'hono/jsx'
import { CLIENT_SCRIPT } from './client.ts'
import { STYLE } from './style.ts'

export function layout(nonce: string, ...sections: Child[]): Promise<string> {
  const doc = h(
    'html',
    { lang: 'en' },
    h(
      'head',
      null,
      h('meta', { charset: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('meta', { name: 'color-scheme', content: 'light dark' }),
      h('title', null, 'k8s-gateway-doh'),
      // No favicon request to anyone: an empty data: icon.
      h('link', { rel: 'icon', href: 'data:,' }),
      h('style', { nonce, dangerouslySetInnerHTML: { __html: STYLE } }),
    ),
    h(
      'body',
      null,
      h(
        'main',
        null,
        h('h1', null, 'k8s-gateway-doh'),
        h('p', { class: 'lead' }, 'External DNS for Kubernetes, answered over DNS-over-HTTPS (RFC 8484) from this edge.'),
        ...sections,
      ),
      h('script', { nonce, dangerouslySetInnerHTML: { __html: CLIENT_SCRIPT } }),
    ),
  )
  return Promise.resolve(doc.toString()).then((html) => `<!doctype html>${html}`)
}

/**
 * Inline style and script only, and only ours (a per-response nonce); fetches to this origin
 * only. A page about a resolver should not be the way someone injects a script.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    'img-src data:',
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
