/**
 * Where the e2e binaries are: the same rules as test/e2e/build/build.sh.
 *   KUBE_APISERVER_BIN / ETCD_BIN / COREDNS_BIN / HELM_BIN / KUSTOMIZE_BIN  an explicit binary
 *   KUBEBUILDER_ASSETS                          a dir with kube-apiserver and etcd (envtest's layout)
 *   E2E_BIN_DIR                                 the build cache
 *                                               (default ${XDG_CACHE_HOME:-~/.cache}/k8s-gateway-doh/e2e-bin)
 */
import { accessSync, constants } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export type BinaryName = 'kube-apiserver' | 'etcd' | 'coredns' | 'helm' | 'kustomize'

export function binDir(): string {
  return process.env.E2E_BIN_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'k8s-gateway-doh', 'e2e-bin')
}

const explicitVar: Record<BinaryName, string> = {
  'kube-apiserver': 'KUBE_APISERVER_BIN',
  etcd: 'ETCD_BIN',
  coredns: 'COREDNS_BIN',
  helm: 'HELM_BIN',
  kustomize: 'KUSTOMIZE_BIN',
}

export function binaryPath(name: BinaryName): string {
  let path = process.env[explicitVar[name]]
  let from = explicitVar[name]
  if (!path && (name === 'kube-apiserver' || name === 'etcd') && process.env.KUBEBUILDER_ASSETS) {
    path = join(process.env.KUBEBUILDER_ASSETS, name)
    from = 'KUBEBUILDER_ASSETS'
  }
  if (!path) {
    path = join(binDir(), name)
    from = 'the e2e build cache'
  }
  try {
    accessSync(path, constants.X_OK)
  } catch {
    throw new Error(`${name}: no executable at ${path} (from ${from}); run: bash test/e2e/build/build.sh`)
  }
  return path
}
