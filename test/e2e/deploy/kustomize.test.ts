/**
 * deploy/ as `kubectl apply -k` builds it (kustomize v5, built from Go modules): the
 * generated ConfigMap carries a content hash in its name and the Deployment refers to it, so
 * a config change rolls the pods; `images:` sets the image; and the built objects pass a
 * server-side dry run under the restricted Pod Security profile.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { makeTempDir, progress } from '../harness/proc.ts'
import { parseObjects, runTool, type K8sObject } from '../harness/tool.ts'

const DEPLOY = resolve(import.meta.dirname, '../../../deploy')

async function build(dir: string): Promise<K8sObject[]> {
  const r = await runTool('kustomize', ['build', dir])
  if (r.code !== 0) throw new Error(r.stderr)
  return parseObjects(r.stdout)
}

const one = (objects: K8sObject[], kind: string): K8sObject => {
  const found = objects.filter((o) => o.kind === kind)
  expect(found, kind).toHaveLength(1)
  return found[0]
}
const podTemplate = (objects: K8sObject[]) => one(objects, 'Deployment').spec.template

/** A copy of deploy/ with one file changed by `edit`. */
function editedCopy(dir: string, file: string, edit: (text: string) => string): string {
  const copy = join(dir, `deploy-${file}`)
  cpSync(DEPLOY, copy, { recursive: true, filter: (src) => !src.includes('/chart') })
  writeFileSync(join(copy, file), edit(readFileSync(join(copy, file), 'utf8')))
  return copy
}

describe('deploy/ through kustomize', () => {
  const tmp = makeTempDir('deploy-kustomize-')
  afterAll(() => tmp.remove())

  it('generates the ConfigMap with a hashed name, and the Deployment reads that one', async () => {
    const objects = await build(DEPLOY)
    const configMap = one(objects, 'ConfigMap')
    expect(configMap.metadata.name).toMatch(/^k8s-gateway-doh-agent-[a-z0-9]{10}$/)
    expect(configMap.metadata.namespace).toBe('k8s-gateway-doh')
    expect(Object.keys(configMap.data).sort()).toEqual(['Corefile', 'account-id', 'log-level', 'namespace-id', 'owner'])
    const spec = podTemplate(objects).spec
    const refs = [
      spec.volumes.find((v: K8sObject) => v.configMap)?.configMap.name,
      ...spec.containers[0].env.filter((e: K8sObject) => e.valueFrom?.configMapKeyRef).map((e: K8sObject) => e.valueFrom.configMapKeyRef.name),
    ]
    expect(refs.length).toBeGreaterThan(1)
    for (const ref of refs) expect(ref).toBe(configMap.metadata.name)
    expect(spec.containers[0].image).toBe('k8s-gateway-doh:0.1.0')
  })

  it('a config change renames the ConfigMap and so changes the pod template (a rollout)', async () => {
    const before = await build(DEPLOY)
    const after = await build(editedCopy(tmp.dir, 'agent.env', (t) => t.replace('owner=cluster-1', 'owner=cluster-2')))
    expect(one(after, 'ConfigMap').metadata.name).not.toBe(one(before, 'ConfigMap').metadata.name)
    expect(JSON.stringify(podTemplate(after))).not.toBe(JSON.stringify(podTemplate(before)))
    const corefile = await build(editedCopy(tmp.dir, 'Corefile', (t) => t.replace('ttl 30', 'ttl 60')))
    expect(one(corefile, 'ConfigMap').metadata.name).not.toBe(one(before, 'ConfigMap').metadata.name)
  })

  it('images: sets the registry and tag', async () => {
    const objects = await build(
      editedCopy(tmp.dir, 'kustomization.yaml', (t) =>
        t.replace('newName: k8s-gateway-doh', 'newName: registry.example.com/k8s-gateway-doh').replace('newTag: 0.1.0', 'newTag: 0.2.0'),
      ),
    )
    expect(podTemplate(objects).spec.containers[0].image).toBe('registry.example.com/k8s-gateway-doh:0.2.0')
  })

  describe('on a kube-apiserver', () => {
    let cluster: Cluster
    beforeAll(async () => {
      cluster = await startCluster()
    })
    afterAll(async () => {
      await cluster?.stop()
    })

    it('every built object passes a server-side dry run, with no warning', async () => {
      const objects = await build(DEPLOY)
      // Namespaced objects are admitted only in an existing namespace: create it for real.
      await cluster.kube.apply(one(objects, 'Namespace'))
      for (const obj of objects) {
        const res = await cluster.kube.dryRunApply(obj)
        expect([200, 201], `${obj.kind} ${obj.metadata.name}: HTTP ${res.status}: ${res.body.slice(0, 500)}`).toContain(res.status)
        expect(res.warnings, `${obj.kind} ${obj.metadata.name}`).toEqual([])
      }
      progress(`deploy/: ${objects.length} objects accepted: ${objects.map((o) => o.kind).join(', ')}`)
    })
  })
})
