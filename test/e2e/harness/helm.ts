/**
 * helm (built by test/e2e/build/build.sh) on deploy/chart: lint and template, the rendered
 * objects parsed for assertions.
 */
import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { parseAllDocuments } from 'yaml'
import { binaryPath } from './bins.ts'

export const CHART = resolve(import.meta.dirname, '../../../deploy/chart')
export const ciValues = (name: string): string => join(CHART, 'ci', `${name}-values.yaml`)

// Loose shape: tests read what they check and fail loudly on anything missing.
export type K8sObject = any

export interface HelmOptions {
  values?: string[]
  set?: Record<string, string>
  release?: string
  namespace?: string
}

function args(o: HelmOptions): string[] {
  return [
    ...(o.values ?? []).flatMap((f) => ['-f', f]),
    ...Object.entries(o.set ?? {}).flatMap(([k, v]) => ['--set-string', `${k}=${v}`]),
  ]
}

export async function helm(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(binaryPath('helm'), argv, {
      // No repositories, plugins or cache of the user's: the chart alone.
      env: { ...process.env, HELM_CONFIG_HOME: '/nonexistent', HELM_CACHE_HOME: '/nonexistent', HELM_DATA_HOME: '/nonexistent' },
      maxBuffer: 16 << 20,
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

export async function helmLint(o: HelmOptions = {}) {
  return helm(['lint', CHART, '--strict', ...args(o)])
}

/** `helm template`'s stdout, or the error it failed with. */
export async function helmTemplateText(o: HelmOptions = {}): Promise<string> {
  const r = await helm(['template', o.release ?? 'k8sgw', CHART, '--namespace', o.namespace ?? 'k8s-gateway-doh', ...args(o)])
  if (r.code !== 0) throw new Error(r.stderr.trim())
  return r.stdout
}

export async function helmTemplate(o: HelmOptions = {}): Promise<K8sObject[]> {
  return parseAllDocuments(await helmTemplateText(o))
    .map((doc) => {
      if (doc.errors.length) throw new Error(doc.errors[0]!.message)
      return doc.toJS() as K8sObject
    })
    .filter((o) => o !== null)
}
