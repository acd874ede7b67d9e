#!/usr/bin/env bash
# One test queries `npm start` with a real DoH client: dig (bind9-dnsutils >= 9.18, +http-plain).
# Installs it where we can (root with apt-get, as on CI); otherwise says what to install.
set -euo pipefail
command -v dig >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing dig (bind9-dnsutils) for the DoH client test..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bind9-dnsutils >/dev/null
  exit 0
fi
echo "dig not found: install bind9-dnsutils (Debian/Ubuntu) or bind (others), then rerun npm test" >&2
exit 1
