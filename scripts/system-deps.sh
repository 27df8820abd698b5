#!/usr/bin/env bash
# Install the system packages the test suite runs for real, when they are missing:
# PostgreSQL (the team store is tested against a real server) and Chromium (the web page is tested
# in headless Chromium). Needs root (as on CI); otherwise says what to install and carries on.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "system-deps: missing ${need[*]}; install them (apt-get install ${need[*]}) or run as root" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
echo "system-deps: installing ${need[*]}" >&2
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian's postgresql package starts a cluster on port 5432; the tests start their own throwaway
# clusters, so the packaged one is left as Debian set it up.
