#!/usr/bin/env bash
# run.sh — `make bench`: side-by-side benchmarks on this machine. Starts the
# measured servers itself, pins them to core 0 and the load generator to core
# 1, alternates contenders round by round, takes medians and writes
# bench/results.json and docs/benchmarks.md.
#
# Row 1: GET /api/v1/health over HTTPS with keep-alive (wrk) against Debian's
# nginx serving a static file of the same bytes over HTTPS. Goal: at least
# 50 % of nginx's requests per second.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/telemed}
rounds=${BENCH_ROUNDS:-3}
seconds=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-50}

for tool in wrk nginx taskset openssl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps-test)"; exit 1; }
done

work=$(mktemp -d /tmp/telemed-bench-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- telemed -----------------------------------------------------------------
tport=$(free_port)
taskset -c 0 "$bin" serve --port "$tport" --bind 127.0.0.1 --data "$work/telemed" \
  --web web --node-modules node_modules --log-level warn >"$work/telemed.out" 2>"$work/telemed.err" &
pids+=($!)
for _ in $(seq 100); do grep -q "listening" "$work/telemed.out" 2>/dev/null && break; sleep 0.1; done
body=$(curl -sk "https://127.0.0.1:$tport/api/v1/health")
[[ "$body" == *'"status":"ok"'* ]] || { echo "bench: telemed did not answer"; cat "$work/telemed.err"; exit 1; }

# --- nginx, serving the same bytes ------------------------------------------
nport=$(free_port)
mkdir -p "$work/nginx/root" "$work/nginx/tmp"
printf '%s' "$body" >"$work/nginx/root/health"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" 2>/dev/null
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp; uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nport ssl http2;
    ssl_certificate $work/nginx/cert.pem;
    ssl_certificate_key $work/nginx/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $work/nginx/root;
    location = /health { default_type application/json; }
  }
}
CONF
taskset -c 0 nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g "user $(id -un);" 2>"$work/nginx/stderr" &
pids+=($!)
for _ in $(seq 50); do curl -sk "https://127.0.0.1:$nport/health" >/dev/null 2>&1 && break; sleep 0.1; done
[[ "$(curl -sk "https://127.0.0.1:$nport/health")" == "$body" ]] || { echo "bench: nginx did not answer"; cat "$work/nginx/stderr" "$work/nginx/error.log"; exit 1; }

# --- measure -----------------------------------------------------------------
rps() { # url -> requests per second
  taskset -c 1 wrk -t1 -c"$conns" -d"${seconds}s" --latency "$1" 2>/dev/null | awk '/^Requests\/sec/ {print $2}'
}
ours=(); peer=()
for r in $(seq "$rounds"); do
  ours+=("$(rps "https://127.0.0.1:$tport/api/v1/health")")
  peer+=("$(rps "https://127.0.0.1:$nport/health")")
  echo "round $r: telemed ${ours[-1]} req/s, nginx ${peer[-1]} req/s"
done

python3 - "$work" "${ours[*]}" "${peer[*]}" "$seconds" "$conns" "$rounds" <<'PY'
import json, platform, statistics, subprocess, sys, datetime
work, ours, peer, seconds, conns, rounds = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4], sys.argv[5], sys.argv[6]
ours = [float(x) for x in ours]; peer = [float(x) for x in peer]
o, p = statistics.median(ours), statistics.median(peer)
ratio = o / p if p else 0.0
row = {"metric": "GET /api/v1/health over HTTPS, keep-alive", "unit": "requests/s",
       "ours": round(o), "peer": round(p), "peer_name": "nginx 1.22 static file, same bytes",
       "limit": round(p), "ratio_to_peer": round(ratio, 3), "ratio_to_limit": round(ratio, 3),
       "goal": ">= 0.50 of nginx", "met": ratio >= 0.5, "rounds_ours": ours, "rounds_peer": peer}
with open("bench/results.json", "w") as f:
    json.dump([row], f, indent=2)
    f.write("\n")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
today = datetime.date.today().isoformat()
md = f"""# Benchmarks

Written by `make bench` ({today}); the numbers below are this machine's, the
ratios are what to compare. Machine: {nproc} cores, {cpu}.
Each server is pinned to core 0 and the load generator (wrk, 1 thread,
{conns} keep-alive connections, {seconds} s) to core 1; contenders alternate
for {rounds} rounds and the medians are compared.

| metric | telemed | peer | ratio | goal | met |
|---|---|---|---|---|---|
| {row['metric']} | {row['ours']} req/s | {row['peer']} req/s ({row['peer_name']}) | {ratio:.2f} | {row['goal']} | {'yes' if row['met'] else 'no'} |

Rounds (req/s): telemed {', '.join(f'{x:.0f}' for x in ours)}; nginx {', '.join(f'{x:.0f}' for x in peer)}.

What the ratio measures: every telemed request is assembled on the event loop,
handed to a worker thread, routed and answered there, and handed back to the
loop to be written (the design's rule: the loop never runs a handler), all on
the one core the server is pinned to; nginx sends a file from its worker.

Reproduce: `make bench` (or `bash bench/run.sh build/telemed`; set
`BENCH_ROUNDS`, `BENCH_SECONDS`, `BENCH_CONNECTIONS` to change the run).
"""
with open("docs/benchmarks.md", "w") as f:
    f.write(md)
print(f"telemed {o:.0f} req/s, nginx {p:.0f} req/s, ratio {ratio:.2f} (goal 0.50)")
PY
