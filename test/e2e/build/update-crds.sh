#!/usr/bin/env bash
# Regenerates the CRD fixtures in test/e2e/crds/ from Go modules served by the
# Go module proxy (downloaded into the module cache; nothing is built).
# Usage: bash test/e2e/build/update-crds.sh   (versions below; override by env)
set -euo pipefail
export GOTOOLCHAIN=local
GATEWAY_API_VERSION="${GATEWAY_API_VERSION:-v1.6.3}"
EXTERNAL_DNS_VERSION="${EXTERNAL_DNS_VERSION:-v0.23.0}"
NGINX_INGRESS_VERSION="${NGINX_INGRESS_VERSION:-v1.12.5}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(cd "$here/.." && pwd)/crds"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# Module directory in the module cache. `go mod download` extracts the zip
# before it checks the module's own `go` line, so a module that asks for a newer
# Go than this machine has (external-dns v0.23.0 says go 1.27) still lands; we
# only read YAML from it.
moddir() {
  local mod="$1" ver="$2" dir
  (cd "$tmp" && go mod download "$mod@$ver" >/dev/null 2>&1 || true)
  dir="$(go env GOMODCACHE)/$(echo "$mod" | sed -E 's/[A-Z]/!\L&/g')@$ver"
  [[ -d "$dir" ]] || { echo "update-crds: $mod@$ver not in module cache" >&2; exit 1; }
  echo "$dir"
}

gw="$(moddir sigs.k8s.io/gateway-api "$GATEWAY_API_VERSION")"
for channel in standard experimental; do
  rm -rf "$out/gateway-api/$channel"; mkdir -p "$out/gateway-api/$channel"
  for f in "$gw/config/crd/$channel"/*.yaml; do
    case "$(basename "$f")" in
      kustomization.yaml|*vap_*) continue ;; # not CRDs (kustomize / ValidatingAdmissionPolicy)
    esac
    install -m 0644 "$f" "$out/gateway-api/$channel/"
  done
done

edns="$(moddir sigs.k8s.io/external-dns "$EXTERNAL_DNS_VERSION")"
mkdir -p "$out/external-dns"
install -m 0644 "$edns/config/crd/standard/dnsendpoints.externaldns.k8s.io.yaml" "$out/external-dns/"

# NGINX Inc's VirtualServer CRD. The newest kubernetes-ingress module the proxy
# serves is v1.12.5 (also the one the k8s_gateway plugin builds against); its
# status schema predates externalEndpoints[].hostname, which the API server
# would prune, so that one property is added (marked with a comment).
ngx="$(moddir github.com/nginxinc/kubernetes-ingress "$NGINX_INGRESS_VERSION")"
mkdir -p "$out/nginx"
python3 - "$ngx/deployments/common/crds/k8s.nginx.org_virtualservers.yaml" "$out/nginx/k8s.nginx.org_virtualservers.yaml" "$NGINX_INGRESS_VERSION" <<'PY'
import sys
src, dst, ver = sys.argv[1:]
text = open(src).read()
needle = "                    properties:\n                      ip:\n                        type: string\n"
assert text.count(needle) == 1, "VirtualServer status schema changed; update this patch"
text = text.replace(needle, needle.replace("properties:\n",
    "properties:\n                      # added by test/e2e/build/update-crds.sh (newer VirtualServer schemas have it)\n"
    "                      hostname:\n                        type: string\n"))
open(dst, "w").write(f"# From github.com/nginxinc/kubernetes-ingress@{ver} deployments/common/crds/ (patched: status.externalEndpoints[].hostname)\n" + text)
PY

cat > "$out/VERSIONS" <<V
sigs.k8s.io/gateway-api $GATEWAY_API_VERSION config/crd/{standard,experimental}
sigs.k8s.io/external-dns $EXTERNAL_DNS_VERSION config/crd/standard/dnsendpoints.externaldns.k8s.io.yaml
github.com/nginxinc/kubernetes-ingress $NGINX_INGRESS_VERSION deployments/common/crds/k8s.nginx.org_virtualservers.yaml (+hostname)
V
echo "update-crds: wrote $out"
