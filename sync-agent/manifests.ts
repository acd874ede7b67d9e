/**
 * Reads Kubernetes objects from manifest files instead of a cluster: what `render` and the local
 * demo use. A directory is read recursively in sorted order; .yaml/.yml files may hold several
 * documents; `kind: List` (and typed lists such as ServiceList, as `kubectl get -o yaml` writes
 * them) are flattened. Errors name the file and the 1-based document number.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import type { KubeObject } from './render/types.ts'

export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly document: number | null,
    readonly detail: string
  ) {
    super(document === null ? `${file}: ${detail}` : `${file}: document ${document}: ${detail}`)
    this.name = 'ManifestError'
  }
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json'])

export async function loadManifests(fileOrDir: string): Promise<KubeObject[]> {
  let info
  try {
    info = await stat(fileOrDir)
  } catch (err) {
    throw new ManifestError(fileOrDir, null, `cannot read: ${(err as Error).message}`)
  }
  const files = info.isDirectory() ? await listFiles(fileOrDir) : [fileOrDir]
  // Almost always a wrong path; rendering nothing would delete every published name.
  if (files.length === 0) throw new ManifestError(fileOrDir, null, 'no .yaml, .yml or .json files in this directory')
  const objects: KubeObject[] = []
  for (const file of files) objects.push(...parseManifest(await readFile(file, 'utf8'), file))
  return objects
}

/** Manifest files below `dir`, sorted, skipping hidden files and directories. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const files: string[] = []
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await listFiles(path)))
    else if (EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(path)
  }
  return files
}

/** Parses one file's text (YAML or JSON) into objects. */
export function parseManifest(text: string, file: string): KubeObject[] {
  const objects: KubeObject[] = []
  const documents = parseAllDocuments(text)
  const list = Array.isArray(documents) ? documents : [documents]
  for (const [i, doc] of list.entries()) {
    const number = i + 1
    const error = doc.errors[0]
    if (error) {
      const line = error.linePos?.[0].line
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
      throw new ManifestError(file, number, `${line ? `line ${line}: ` : ''}${message}`)
    }
    const value: unknown = doc.toJS()
    if (value === null || value === undefined) continue // an empty document, e.g. after a final ---
    objects.push(...flatten(value, file, number))
  }
  return objects
}

function flatten(value: unknown, file: string, number: number): KubeObject[] {
  const object = checkObject(value, file, number)
  const items = object.items
  if (!object.kind.endsWith('List') || !Array.isArray(items)) return [object]
  // Items of a typed list (ServiceList) may omit apiVersion and kind: take them from the list.
  const itemKind = object.kind === 'List' ? undefined : object.kind.slice(0, -'List'.length)
  return items.map((item, j) => {
    const withType = isRecord(item)
      ? { apiVersion: object.apiVersion, kind: itemKind, ...item }
      : item
    return checkObject(withType, file, number, j)
  })
}

function checkObject(value: unknown, file: string, number: number, item?: number): KubeObject {
  const where = item === undefined ? '' : `items[${item}]: `
  if (!isRecord(value)) throw new ManifestError(file, number, `${where}not an object`)
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') {
      throw new ManifestError(file, number, `${where}missing ${field}`)
    }
  }
  if (value.metadata !== undefined && !isRecord(value.metadata)) {
    throw new ManifestError(file, number, `${where}metadata is not an object`)
  }
  return value as KubeObject
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
