#!/usr/bin/env bash
# install-deps.sh — installs what is missing on a fresh Debian/Ubuntu machine:
# build tools and libraries (always), chromium, nginx and wrk (with --test),
# then the npm packages from the committed lock file. Idempotent and quiet
# when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

want=(build-essential pkg-config ca-certificates openssl sqlite3 tzdata
      libwebsockets-dev libjansson-dev libsodium-dev libsqlite3-dev libssl-dev
      libcmocka-dev clang)
if [[ "${1:-}" == "--test" ]]; then
  want+=(chromium nginx-light wrk)
fi
command -v node >/dev/null 2>&1 || want+=(nodejs npm)

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# clang's sanitizer runtime (for make SANITIZE=…) where the distribution has it
if ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed"; then
  if apt-cache show libclang-rt-14-dev >/dev/null 2>&1; then missing+=(libclang-rt-14-dev); fi
fi

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ -f package-lock.json ]]; then
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    echo "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
echo "dependencies ready"
