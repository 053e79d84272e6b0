#!/usr/bin/env bash
# install-deps.sh — installs what is missing on a fresh Debian/Ubuntu machine:
# build tools and libraries and coturn (always), chromium, nginx and wrk (with --test),
# with --bench also the Node.js and Socket.IO peers of make bench (their own npm packages),
# then the npm packages from the committed lock file. Idempotent and quiet
# when everything is already there. Run as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

want=(build-essential pkg-config ca-certificates openssl sqlite3 tzdata
      libwebsockets-dev libwebsockets-evlib-ev libev-dev libjansson-dev libsodium-dev libsqlite3-dev libssl-dev
      libcmocka-dev clang coturn)
optional=(libclang-rt-14-dev) # clang's sanitizer runtime, where the distribution has it
case "${1:-}" in
  --test) want+=(chromium nginx-light wrk) ;;
  --bench) want+=(chromium nginx-light wrk python3) ;; # python3: node-gyp
  "") ;;
  *) echo "usage: $0 [--test|--bench]" >&2; exit 2 ;;
esac
command -v node >/dev/null 2>&1 || want+=(nodejs npm)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
available() { [[ -n "$(apt-cache show --no-all-versions "$1" 2>/dev/null | head -1)" ]]; }

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "install-deps: not root and no sudo; run as root to install packages" >&2
  fi
fi
apt() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }

echo "checking Debian packages"
missing=()
for p in "${want[@]}"; do installed "$p" || missing+=("$p"); done
updated=false
if ((${#missing[@]})); then
  echo "updating the package lists"
  apt update -qq
  updated=true
fi
for p in "${optional[@]}"; do
  installed "$p" || ! available "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
  $updated || { echo "updating the package lists"; apt update -qq; }
  echo "installing: ${missing[*]}"
  apt install -y -qq "${missing[@]}" >/dev/null
else
  echo "Debian packages: all there"
fi

if [[ -f package.json ]]; then
  if [[ ! -f package-lock.json ]]; then
    echo "package-lock.json is missing: skipping npm ci"
  elif [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    echo "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  else
    echo "npm packages: up to date"
  fi
fi
# the benchmark's Node.js peers have their own packages (never needed by the
# tests); npm runs no install scripts, and better-sqlite3's native part is
# built against the headers Debian's nodejs ships in /usr/include/node
peer=bench/peers/node
sio=bench/peers/socketio
if [[ "${1:-}" == --bench ]]; then
  if [[ ! -d $sio/node_modules || $sio/package-lock.json -nt $sio/node_modules/.package-lock.json ]]; then
    echo "installing the Socket.IO peer's npm packages"
    (cd $sio && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
  if [[ ! -d $peer/node_modules || $peer/package-lock.json -nt $peer/node_modules/.package-lock.json ]]; then
    echo "installing the bench peer's npm packages"
    (cd $peer && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
  if [[ ! -f $peer/node_modules/better-sqlite3/build/Release/better_sqlite3.node ]]; then
    echo "building better-sqlite3 (node-gyp, about a minute)"
    (cd $peer/node_modules/better-sqlite3 && ../.bin/node-gyp rebuild --release --nodedir=/usr --loglevel=error >/dev/null)
  fi
fi
echo "dependencies ready"
