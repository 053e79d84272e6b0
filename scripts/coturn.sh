#!/usr/bin/env bash
# coturn.sh — a development TURN/STUN server for `make run`: Debian's coturn
# on loopback port 3478 with the TURN REST API secret shared with telemed
# through DATA/turn-secret (made, mode 0600, on first use). Loopback peers
# are allowed here so two browsers on this machine can relay to each other;
# the configuration to ship is deploy/turnserver.conf, which denies them.
# Usage: coturn.sh DATA — runs in the foreground until stopped.
set -euo pipefail
data=${1:?usage: coturn.sh DATA}
port=${TURN_PORT:-3478}
mkdir -p "$data"
secret="$data/turn-secret"
if [[ ! -s $secret ]]; then
  (umask 077; openssl rand -hex 32 >"$secret")
fi
# the secret goes in a file of mode 0600, never on a command line that ps shows
conf="$data/turnserver.conf"
(umask 077; cat >"$conf" <<CONF
listening-ip=127.0.0.1
relay-ip=127.0.0.1
listening-port=$port
use-auth-secret
static-auth-secret=$(cat "$secret")
realm=telemed.localhost
allow-loopback-peers
no-cli
no-tls
no-dtls
fingerprint
min-port=49160
max-port=49200
simple-log
log-file=$data/turnserver.log
pidfile=$data/turnserver.pid
CONF
)
exec turnserver -c "$conf"
