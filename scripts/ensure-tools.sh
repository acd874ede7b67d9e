#!/usr/bin/env bash
# Programs some tests drive that npm cannot bring: dig (bind9-dnsutils >= 9.18, +http-plain)
# queries `npm start` as a real DoH client, named-checkzone (bind9-utils) parses the zone
# files `agent render --format zonefile` prints, and Debian's Chromium runs the page's browser
# tests (playwright-core never downloads a browser). Installs what is missing where we can
# (root with apt-get, as on CI); otherwise says what to install.
set -euo pipefail
missing=()
command -v dig >/dev/null 2>&1 || missing+=(bind9-dnsutils)
command -v named-checkzone >/dev/null 2>&1 || missing+=(bind9-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} = 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} for the tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "missing: install ${missing[*]} (Debian/Ubuntu package names), then rerun npm test" >&2
exit 1
