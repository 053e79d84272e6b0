#!/usr/bin/env bash
# run.sh — what `make run` does after building: demo data on SQLite in DATA,
# a development coturn for calls (scripts/coturn.sh) when coturn is there,
# then the server in the foreground, with the URL and demo logins printed.
set -euo pipefail
bin=${1:-build/telemed}
port=${2:-8443}
data=${3:-./data}

"$bin" demo --data "$data" --port "$port" --doctors 24 --seed 1 --log-level warn
cat <<MSG

  telemed is starting on https://localhost:$port
  (a self-signed certificate for localhost: your browser asks you to accept it once)

  Demo logins (username / password):
    patient         maria      / telemed-patient-1
    doctor          drsilva    / telemed-doctor-1
    pending doctor  drpending  / telemed-doctor-2
    administrator   admin      / telemed-admin-1
    more doctors    doc00001 … doc00024 / telemed-doctor-1

  Stop with Ctrl-C.

MSG
ice=()
if command -v turnserver >/dev/null 2>&1; then
  bash "$(dirname "$0")/coturn.sh" "$data" >/dev/null &
  turn_pid=$!
  trap 'kill $turn_pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [[ -s $data/turn-secret ]] && break; sleep 0.1; done
  ice=(--stun-urls "stun:localhost:3478"
       --turn-urls "turn:localhost:3478?transport=udp,turn:localhost:3478?transport=tcp"
       --turn-secret-file "$data/turn-secret")
  echo "  TURN/STUN for calls: coturn on localhost:3478"
fi
"$bin" serve --port "$port" --data "$data" "${ice[@]}"
