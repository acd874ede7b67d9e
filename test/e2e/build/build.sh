#!/usr/bin/env bash
# Builds the binaries the e2e harness runs, from Go modules only:
#   kube-apiserver  (k8s.io/kubernetes, wrapper module ./apiserver)
#   etcd            (go.etcd.io/etcd/server/v3, wrapper module ./etcd)
#   coredns         (CoreDNS + the k8s_gateway plugin, wrapper module ./coredns)
#   helm            (helm.sh/helm/v3/cmd/helm, wrapper module ./helm; the chart tests)
#   kustomize       (sigs.k8s.io/kustomize/kustomize/v5, wrapper module ./kustomize; deploy/)
# into a cache dir, and skips a binary whose recorded build stamp still matches.
#
# Env:
#   E2E_BIN_DIR         cache dir (default ${XDG_CACHE_HOME:-~/.cache}/k8s-gateway-doh/e2e-bin)
#   KUBE_APISERVER_BIN  use this kube-apiserver, build none
#   ETCD_BIN            use this etcd, build none
#   COREDNS_BIN         use this coredns, build none
#   HELM_BIN            use this helm, build none
#   KUSTOMIZE_BIN       use this kustomize, build none
#   KUBEBUILDER_ASSETS  dir holding kube-apiserver and etcd (as envtest uses it)
#   E2E_BUILD_NICE      nice level for `go build` (default 10)
#   E2E_FORCE_REBUILD=1 rebuild even when the stamp matches
# The harness (test/e2e/harness/bins.ts) resolves binaries with the same rules.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin_dir="${E2E_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/k8s-gateway-doh/e2e-bin}"
nice_level="${E2E_BUILD_NICE:-10}"
mkdir -p "$bin_dir"

GO="${GO:-go}"
if ! command -v "$GO" >/dev/null 2>&1; then
  if [[ -x /usr/local/go/bin/go ]]; then GO=/usr/local/go/bin/go; else
    echo "build.sh: no go toolchain on PATH (nor /usr/local/go/bin/go)" >&2; exit 1
  fi
fi
# The wrapper modules pin their dependencies in go.mod/go.sum; the k8s_gateway
# plugin's module has no checksum-database entry, so it is verified against the
# committed go.sum only (see coredns/go.mod).
export GOTOOLCHAIN=local
export CGO_ENABLED=0
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/ori-edge/k8s_gateway"
export GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false"

# Serialise concurrent runs (two test runs sharing one cache dir).
exec 9>"$bin_dir/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

go_version="$("$GO" env GOVERSION)"
t_all=$(date +%s)

log() { printf '[e2e-build %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# stamp NAME DIR LDFLAGS -> a string that changes whenever the build would
stamp() {
  local name="$1" dir="$2" ldflags="$3"
  {
    echo "$name $go_version $(uname -m) ldflags=$ldflags"
    (cd "$dir" && shopt -s nullglob && cat go.mod go.sum ./*.go)
  } | sha256sum | cut -d' ' -f1
}

# build NAME WRAPPER_DIR PACKAGE LDFLAGS
build() {
  local name="$1" dir="$here/$2" pkg="$3" ldflags="$4"
  local out="$bin_dir/$name" want have=""
  want="$(stamp "$name" "$dir" "$ldflags")"
  [[ -f "$out.stamp" ]] && have="$(cat "$out.stamp")"
  if [[ -x "$out" && "$have" == "$want" && "${E2E_FORCE_REBUILD:-0}" != 1 ]]; then
    log "$name: cached ($out)"
    return 0
  fi
  log "$name: building $pkg (module $2, nice $nice_level) ..."
  local t0=$(date +%s)
  (cd "$dir" && nice -n "$nice_level" "$GO" build -trimpath -ldflags="-s -w $ldflags" \
      -o "$out.tmp.$$" "$pkg")
  mv -f "$out.tmp.$$" "$out"
  echo "$want" >"$out.stamp"
  log "$name: built in $(( $(date +%s) - t0 ))s ($(du -h "$out" | cut -f1))"
}

# Versions, read from the wrapper go.mod files.
modver() { awk -v m="$2" '$1==m || ($1=="require" && $2==m) {print ($1=="require") ? $3 : $2; exit}' "$here/$1/go.mod"; }
k8s_version="$(modver apiserver k8s.io/kubernetes)"
k8s_minor="$(echo "$k8s_version" | cut -d. -f2)"
helm_version="$(modver helm helm.sh/helm/v3)"
# helm prints this as `helm version`; left unset it says only the minor version.
helm_ldflags="-X helm.sh/helm/v3/internal/version.version=$helm_version -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
apiserver_ldflags="-X k8s.io/component-base/version.gitVersion=$k8s_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$k8s_minor -X k8s.io/component-base/version.gitTreeState=clean"

skip_env() { # skip_env NAME PATH-OR-EMPTY SOURCE
  if [[ -n "$2" ]]; then
    [[ -x "$2" ]] || { echo "build.sh: $3 points at $2, which is not an executable" >&2; exit 1; }
    log "$1: using $2 (from $3), not building"
    return 0
  fi
  return 1
}

apiserver_env="${KUBE_APISERVER_BIN:-}"; apiserver_src=KUBE_APISERVER_BIN
etcd_env="${ETCD_BIN:-}"; etcd_src=ETCD_BIN
if [[ -n "${KUBEBUILDER_ASSETS:-}" ]]; then
  [[ -z "$apiserver_env" ]] && apiserver_env="$KUBEBUILDER_ASSETS/kube-apiserver" && apiserver_src=KUBEBUILDER_ASSETS
  [[ -z "$etcd_env" ]] && etcd_env="$KUBEBUILDER_ASSETS/etcd" && etcd_src=KUBEBUILDER_ASSETS
fi

log "go: $go_version; cache: $bin_dir"
skip_env kube-apiserver "$apiserver_env" "$apiserver_src" ||
  build kube-apiserver apiserver k8s.io/kubernetes/cmd/kube-apiserver "$apiserver_ldflags"
skip_env etcd "$etcd_env" "$etcd_src" ||
  build etcd etcd go.etcd.io/etcd/server/v3 ""
skip_env coredns "${COREDNS_BIN:-}" COREDNS_BIN ||
  build coredns coredns . ""
skip_env helm "${HELM_BIN:-}" HELM_BIN ||
  build helm helm helm.sh/helm/v3/cmd/helm "$helm_ldflags"
skip_env kustomize "${KUSTOMIZE_BIN:-}" KUSTOMIZE_BIN ||
  build kustomize kustomize sigs.k8s.io/kustomize/kustomize/v5 ""

log "done in $(( $(date +%s) - t_all ))s; cache size $(du -sh "$bin_dir" | cut -f1)"
