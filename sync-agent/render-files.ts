/**
 * Render from files instead of a cluster: a Corefile and manifests in, the record set out.
 * What `agent render` prints and `npm start` serves.
 */
import type { RecordSet } from '../src/core/recordset/schema.ts'
import { ConfigError } from './config/errors.ts'
import { loadConfig } from './config/k8s-gateway.ts'
import { loadManifests, ManifestError } from './manifests.ts'
import { render } from './render/render.ts'

export interface RenderedFiles {
  recordSet: RecordSet
  /** Config warnings first, then render warnings; each names its line or object. */
  warnings: string[]
  objects: number
}

export async function renderFiles(configPath: string, manifests: string, owner: string): Promise<RenderedFiles> {
  const { config, warnings: configWarnings } = await loadConfig(configPath)
  const objects = await loadManifests(manifests)
  const { recordSet, warnings } = render(objects, { ...config, owner })
  return { recordSet, warnings: [...configWarnings, ...warnings], objects: objects.length }
}

/** Errors the user fixes in their files (exit code 2), as opposed to bugs. */
export function isInputError(err: unknown): err is ConfigError | ManifestError {
  return err instanceof ConfigError || err instanceof ManifestError
}
