#!/usr/bin/env bash
# The worker as `wrangler deploy --env production` would upload it, without an account:
# bundles it (--dry-run), prints its size raw and gzipped and its startup CPU time in the local
# runtime (`wrangler check startup`), and fails past 3 MiB gzipped (a free account's limit).
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if ! npx wrangler deploy --dry-run --env production --outdir "$out/dist" >"$out/deploy.log" 2>&1; then
  cat "$out/deploy.log"; exit 1
fi
raw=$(stat -c %s "$out/dist/index.js")
gz=$(gzip -9 -c "$out/dist/index.js" | wc -c)
echo "bundle: $(grep -oE 'Total Upload: .*' "$out/deploy.log") ($raw / $gz bytes)"
(( gz < 3 * 1024 * 1024 )) || { echo "bundle over 3 MiB gzipped: a free account cannot deploy it" >&2; exit 1; }

if ! npx wrangler check startup --env production --outfile "$out/startup.cpuprofile" >"$out/startup.log" 2>&1; then
  cat "$out/startup.log"; exit 1
fi
# "Active" is the CPU the isolate spends evaluating the bundle's top level.
echo "startup: $(grep -oE "(Profile window|Sampled time|Active): [0-9.]+ ms" "$out/startup.log" | paste -sd, -) (sampled; varies run to run)"
