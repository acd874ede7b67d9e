/**
 * helm (built by test/e2e/build/build.sh) on deploy/chart: lint and template, the rendered
 * objects parsed for assertions.
 */
import { join, resolve } from 'node:path'
import { parseObjects, runTool, type K8sObject, type ToolResult } from './tool.ts'

export type { K8sObject } from './tool.ts'

export const CHART = resolve(import.meta.dirname, '../../../deploy/chart')
export const ciValues = (name: string): string => join(CHART, 'ci', `${name}-values.yaml`)

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

export function helm(argv: string[]): Promise<ToolResult> {
  // No repositories, plugins or cache of the user's: the chart alone.
  return runTool('helm', argv, { HELM_CONFIG_HOME: '/nonexistent', HELM_CACHE_HOME: '/nonexistent', HELM_DATA_HOME: '/nonexistent' })
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
  return parseObjects(await helmTemplateText(o))
}
