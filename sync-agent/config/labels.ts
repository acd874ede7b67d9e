/**
 * Kubernetes label selectors (the `serviceLabelSelectors` option), as k8s.io labels.Parse reads
 * them: comma-separated requirements, all of which must hold: `k`, `!k`, `k=v`, `k==v`, `k!=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k>1`, `k<1`. Pure: shared by the config check and the render.
 */

export type LabelRequirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number }

const NAME = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?'
const KEY = `(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?/)?${NAME}`
const VALUE = `(?:${NAME})?`
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\((.*)\\)$`)
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`)
const COMPARE = new RegExp(`^(${KEY})\\s*([<>])\\s*(\\d+)$`)
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`)
const VALUE_ONLY = new RegExp(`^${VALUE}$`)

/** Parses a selector; throws an Error saying what is wrong. */
export function parseLabelSelector(text: string): LabelRequirement[] {
  if (text.trim() === '') throw new Error('empty label selector')
  return splitTopLevel(text).map((raw) => parseRequirement(raw.trim()))
}

function parseRequirement(raw: string): LabelRequirement {
  let m = SET.exec(raw)
  if (m) {
    // split() gives one value at least: `in ()` is one empty value, refused with the others.
    const values = m[3]!.split(',').map((v) => v.trim())
    if (values.some((v) => v === '' || !VALUE_ONLY.test(v))) {
      throw new Error(`invalid value list in "${raw}"`)
    }
    return { key: m[1]!, op: m[2] as 'in' | 'notin', values }
  }
  m = EQUALITY.exec(raw)
  if (m) return { key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!] }
  m = COMPARE.exec(raw)
  if (m) return { key: m[1]!, op: m[2] === '>' ? 'gt' : 'lt', value: Number(m[3]) }
  m = EXISTS.exec(raw)
  if (m) return { key: m[2]!, op: m[1] ? 'notexists' : 'exists' }
  throw new Error(`invalid label selector requirement "${raw}"`)
}

/** Splits on commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  // Stryker disable next-line EqualityOperator: text[text.length] is undefined, neither a parenthesis nor a comma
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')') depth--
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

/** `!=` and `notin` also match objects without the key, as in Kubernetes. */
export function matchesLabels(
  requirements: readonly LabelRequirement[],
  labels: Readonly<Record<string, string>>
): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key)
    const value = labels[r.key]
    switch (r.op) {
      case 'exists':
        return has
      case 'notexists':
        return !has
      case 'in':
        return has && r.values.includes(value!)
      case 'notin':
        return !has || !r.values.includes(value!)
      case 'gt':
        return has && /^-?\d+$/.test(value!) && Number(value) > r.value
      case 'lt':
        return has && /^-?\d+$/.test(value!) && Number(value) < r.value
    }
  })
}
