/** Runs one of the e2e binaries (build/build.sh) and parses the YAML streams they print. */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { parseAllDocuments } from 'yaml'
import { binaryPath, type BinaryName } from './bins.ts'

// Loose shape: tests read what they check and fail loudly on anything missing.
export type K8sObject = any

export interface ToolResult {
  code: number
  stdout: string
  stderr: string
}

export async function runTool(name: BinaryName, argv: string[], env: Record<string, string> = {}): Promise<ToolResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(binaryPath(name), argv, { env: { ...process.env, ...env }, maxBuffer: 16 << 20 })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

/** The objects of a multi-document YAML stream, empty documents dropped. */
export function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(doc.errors[0]!.message)
      return doc.toJS() as K8sObject
    })
    .filter((o) => o !== null)
}
