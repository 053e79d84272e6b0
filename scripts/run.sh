#!/usr/bin/env bash
# run.sh — what `make run` does after building: demo data on SQLite in DATA,
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
exec "$bin" serve --port "$port" --data "$data"
