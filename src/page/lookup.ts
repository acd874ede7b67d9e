/**
 * The page's lookup (`/?name=&type=`): the JSON API's own parsing and the same resolve(), so
 * the page, /resolve and /dns-query cannot disagree. Bad input is a message, not a throw.
 */
import { DohError } from '../doh/errors.ts'
import { jsonQuery, toJson } from '../doh/json.ts'
import type { Query } from '../core/dns/types.ts'
import type { Resolution, ResolveDeps } from '../resolve.ts'
import { resolve } from '../resolve.ts'
import { CODE_NAMES } from './code-names.ts'
import { digText } from './dig.ts'

export type PageLookup =
  | { kind: 'none' }
  | { kind: 'invalid'; name: string; type: string; message: string }
  | { kind: 'answered'; name: string; type: string; query: Query; resolution: Resolution; text: string }

/** The record types the form offers; any other the JSON API takes works typed into the URL. */
export const FORM_TYPES = ['A', 'AAAA', 'CNAME', 'TXT', 'NS', 'SOA', 'MX', 'SRV', 'CAA', 'PTR', 'HTTPS', 'ANY']

export async function pageLookup(name: string | undefined, type: string | undefined, deps: ResolveDeps): Promise<PageLookup> {
  if (name === undefined) return { kind: 'none' }
  const asked = { name, type: type || 'A' }
  let query: Query
  try {
    query = jsonQuery(name.trim(), asked.type, undefined)
  } catch (err) {
    if (err instanceof DohError) return { kind: 'invalid', ...asked, message: err.message }
    throw err
  }
  const resolution = await resolve(query, deps)
  return { kind: 'answered', ...asked, query, resolution, text: digText(toJson(query, resolution.reply), CODE_NAMES) }
}
