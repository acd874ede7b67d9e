/** The lookup form and its result: a plain GET form, rendered like dig (dig.ts). */
import { jsx as h } from 'hono/jsx'
import type { PageLookup } from './lookup.ts'
import { FORM_TYPES } from './lookup.ts'

export function lookupView(lookup: PageLookup, exampleName: string) {
  const name = lookup.kind === 'none' ? '' : lookup.name
  const type = lookup.kind === 'none' ? 'A' : lookup.type.toUpperCase()
  const types = FORM_TYPES.includes(type) ? FORM_TYPES : [...FORM_TYPES, type]
  const form = h(
    'form',
    { id: 'lookup', method: 'get', action: '/', role: 'search' },
    h(
      'label',
      { class: 'grow' },
      'Name',
      h('input', { name: 'name', value: name, placeholder: exampleName, required: true, autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', inputmode: 'url' }),
    ),
    h('label', null, 'Type', h('select', { name: 'type' }, ...types.map((t) => h('option', { value: t, selected: t === type }, t)))),
    h('button', { type: 'submit' }, 'Look up'),
  )
  return h(
    'section',
    { 'aria-labelledby': 'lookup-h' },
    h('h2', { id: 'lookup-h' }, 'Lookup'),
    form,
    h('div', { id: 'result', 'aria-live': 'polite' }, result(lookup)),
  )
}

function result(lookup: PageLookup) {
  switch (lookup.kind) {
    case 'none':
      return null
    case 'invalid':
      return h('p', { class: 'error', role: 'alert' }, lookup.message)
    case 'answered':
      return h('pre', { class: 'answer' }, lookup.text)
    default: {
      const never: never = lookup
      return never
    }
  }
}
