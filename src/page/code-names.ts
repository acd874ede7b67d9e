/**
 * The code tables digText() needs, from the registries in codes.ts, as plain JSON so the
 * browser gets the very same ones.
 */
import { rcodeName, typeName } from '../core/dns/codes.ts'
import type { CodeNames } from './dig.ts'

/** Every type with a mnemonic below this; above it only DLV (32769), which prints as TYPE32769. */
const TYPE_SCAN = 512
const RCODE_SCAN = 32

function build(): CodeNames {
  const types: Record<number, string> = {}
  for (let code = 0; code < TYPE_SCAN; code++) {
    const name = typeName(code)
    if (name !== `TYPE${code}`) types[code] = name
  }
  const rcodes: Record<number, string> = {}
  for (let code = 0; code < RCODE_SCAN; code++) {
    const name = rcodeName(code)
    if (name) rcodes[code] = name
  }
  return { rcodes, types }
}

export const CODE_NAMES: CodeNames = build()
