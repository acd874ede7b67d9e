import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManifestError, loadManifests, parseManifest } from '../../sync-agent/manifests.ts'

const dir = 'test/fixtures/manifests'
const ids = (objects: { kind: string; metadata?: unknown }[]) =>
  objects.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`)

describe('loadManifests', () => {
  it('reads a directory recursively in sorted order, flattening lists and skipping other files', async () => {
    expect(ids(await loadManifests(`${dir}/tree`))).toEqual([
      'Ingress/a1',
      'Service/a2',
      'Service/b1',
      'Service/b2',
      'Service/c1',
    ])
  })

  it('gives items of a typed list their kind and apiVersion', async () => {
    const [item] = await loadManifests(`${dir}/tree/nested/c-typed.json`)
    expect(item).toMatchObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'c1' } })
  })

  it.each([
    ['missing-kind.yaml', 'document 2: missing kind'],
    [
      'syntax.yaml',
      'document 1: line 5: Flow sequence in block collection must be sufficiently indented',
    ],
    ['scalar.yaml', 'document 1: not an object'],
    ['list-item.yaml', 'document 1: items[1]: not an object'],
  ])('names the file and document: %s', async (file, message) => {
    const error = await loadManifests(`${dir}/bad/${file}`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ManifestError)
    expect((error as Error).message).toContain(`${dir}/bad/${file}: ${message}`)
  })

  it('fails on a missing path', async () => {
    await expect(loadManifests(`${dir}/nope`)).rejects.toThrow(`${dir}/nope: cannot read`)
  })

  it('fails on a directory without manifest files', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'k8sgw-empty-'))
    try {
      await expect(loadManifests(empty)).rejects.toThrow(`${empty}: no .yaml, .yml or .json files in this directory`)
    } finally {
      await rm(empty, { recursive: true })
    }
  })
})

describe('parseManifest', () => {
  it('skips empty documents and keeps objects as plain data', () => {
    const objects = parseManifest(
      '---\n# nothing\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n}\n',
      'x.yaml'
    )
    expect(objects).toEqual([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } }])
  })

  it('rejects metadata that is not an object', () => {
    expect(() => parseManifest('apiVersion: v1\nkind: Node\nmetadata: 3\n', 'x.yaml')).toThrow(
      'x.yaml: document 1: metadata is not an object'
    )
  })
})
