/**
 * Domain-name helpers shared by the agent (rendering) and the worker (answering).
 * Names are compared in lower case without the trailing dot (RFC 4343: case-insensitive).
 */

/**
 * DNS case folding (RFC 4343 §3): only the ASCII letters A-Z fold. Unicode folding would turn
 * a Kelvin sign "\u212a" into "k" and so answer for a name that was never published.
 */
export function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : text
}

/** "App.Example.COM." -> "app.example.com"; "." and "" -> "". */
export function normalizeName(name: string): string {
  const lower = asciiLower(name)
  return lower.endsWith('.') ? lower.slice(0, -1) : lower
}

/**
 * True when `name` equals `zone` or lies below it (both normalized). "" is the root. Names are
 * presentation text (labels.ts): a dot only separates labels when no backslash escapes it, so
 * `web\.example.com` (labels "web.example" and "com") is not below example.com.
 */
export function isSubdomain(name: string, zone: string): boolean {
  if (zone === '') return true
  if (name === zone) return true
  const dot = name.length - zone.length - 1
  return dot > 0 && name.endsWith(zone) && name[dot] === '.' && separates(name, dot)
}

/** "a.b.example.com" -> "b.example.com"; a single label -> "" (the root). */
export function parentName(name: string): string {
  for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
    if (separates(name, dot)) return name.slice(dot + 1)
  }
  return ''
}

/** The dot at `index` ends a label: an even run of backslashes (escaped backslashes) before it. */
export function separates(name: string, index: number): boolean {
  let slashes = 0
  for (let i = index - 1; i >= 0 && name[i] === '\\'; i--) {
    // Stryker disable next-line UpdateOperator: counting down gives -n, even exactly when n is
    slashes++
  }
  return slashes % 2 === 0
}

/** Joins relative labels and a zone: join("www", "example.com") -> "www.example.com". */
export function joinName(relative: string, zone: string): string {
  if (relative === '') return zone
  if (zone === '') return relative
  return `${relative}.${zone}`
}

const LABEL = /^(?:\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/

/**
 * Why a normalized name cannot be served, or null when it can. Labels follow RFC 1123 host
 * syntax (plus "_" as used by service names), at most 63 octets; the whole name at most 253
 * characters (255 octets on the wire, RFC 1035 §2.3.4). "*" is allowed only as the first label.
 */
export function hostnameProblem(name: string): string | null {
  if (name === '') return 'empty name'
  if (name.length > 253) return `name longer than 253 characters (${name.length})`
  const labels = name.split('.')
  for (const [i, label] of labels.entries()) {
    if (label === '') return 'empty label'
    if (label.length > 63) return `label longer than 63 octets: "${label.slice(0, 20)}…"`
    if (!LABEL.test(label)) return `invalid label "${label}"`
    if (label === '*' && i !== 0) return 'wildcard "*" is only allowed as the first label'
  }
  return null
}

/** The wildcard that could match `name` under k8s_gateway's rule (one label): "*.parent". */
export function wildcardFor(name: string): string | null {
  const parent = parentName(name)
  return parent === '' ? null : `*.${parent}`
}
