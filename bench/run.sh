#!/usr/bin/env bash
# run.sh — `make bench`: side-by-side benchmarks on this machine. Starts the
# measured servers itself on loopback, pins them to core 0 and the load
# generator to core 1, alternates contenders round by round, takes medians and
# writes bench/results.json and docs/benchmarks.md (through bench/report.mjs).
#
# Row 1: GET /api/v1/health over HTTPS with keep-alive (wrk) against Debian's
# nginx serving a static file of the same bytes over HTTPS. Goal: at least
# 50 % of nginx's requests per second.
#   bash bench/run.sh [path/to/telemed]   (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/telemed}
rounds=${BENCH_ROUNDS:-3}
seconds=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-50}

for tool in wrk nginx taskset openssl node; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps-test)"; exit 1; }
done
[[ -x "$bin" ]] || { echo "bench: no telemed binary at $bin (make)"; exit 1; }
(( $(nproc) >= 2 )) || echo "bench: fewer than 2 cores; server and load generator share one"

work=$(mktemp -d /tmp/telemed-bench-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
# GET over HTTPS trusting only the given certificate; prints the body, fails on non-200
fetch() { # url ca-file
  node -e 'const [u,ca]=process.argv.slice(1);require("https").get(u,{ca:require("fs").readFileSync(ca),servername:"localhost"},r=>{let b="";r.on("data",c=>b+=c);r.on("end",()=>{process.stdout.write(b);process.exit(r.statusCode===200?0:1)})}).on("error",()=>process.exit(1))' "$1" "$2"
}
wait_for() { # url ca-file — up to 10 s
  for _ in $(seq 100); do fetch "$1" "$2" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

# --- telemed -----------------------------------------------------------------
tport=$(free_port)
taskset -c 0 "$bin" serve --port "$tport" --bind 127.0.0.1 --data "$work/telemed" \
  --web web --node-modules node_modules --log-level warn >"$work/telemed.out" 2>"$work/telemed.err" &
pids+=($!)
for _ in $(seq 100); do grep -q "telemed listening on" "$work/telemed.out" 2>/dev/null && break; sleep 0.1; done
turl="https://127.0.0.1:$tport/api/v1/health"
wait_for "$turl" "$work/telemed/tls/cert.pem" || { echo "bench: telemed did not answer"; cat "$work/telemed.err"; exit 1; }
fetch "$turl" "$work/telemed/tls/cert.pem" >"$work/health.body"
grep -q '"status":"ok"' "$work/health.body" || { echo "bench: unexpected health body"; exit 1; }

# --- nginx, serving the same bytes ------------------------------------------
nport=$(free_port)
mkdir -p "$work/nginx/root" "$work/nginx/tmp"
cp "$work/health.body" "$work/nginx/root/health"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
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
  keepalive_timeout 65;
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
taskset -c 0 nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g "user $(id -un);" \
  2>"$work/nginx/stderr" &
pids+=($!)
nurl="https://127.0.0.1:$nport/health"
wait_for "$nurl" "$work/nginx/cert.pem" || { echo "bench: nginx did not answer"; cat "$work/nginx/stderr" "$work/nginx/error.log"; exit 1; }
cmp -s <(fetch "$nurl" "$work/nginx/cert.pem") "$work/health.body" || { echo "bench: nginx serves other bytes"; exit 1; }

# --- measure -----------------------------------------------------------------
wrk_cmd=(taskset -c 1 wrk -t1 -c"$conns" -d"${seconds}s")
rps() { # name url -> requests per second; a run with errors does not count
  local out="$work/wrk-$1-$2.txt"
  timeout $((seconds + 30)) "${wrk_cmd[@]}" "$3" >"$out" 2>&1 || { echo "bench: wrk failed" >&2; cat "$out" >&2; return 1; }
  if grep -qE 'Non-2xx|Socket errors' "$out"; then
    echo "bench: $1 answered with errors:" >&2; cat "$out" >&2; return 1
  fi
  awk '/^Requests\/sec/ {print $2}' "$out"
}
ours=(); peer=()
for r in $(seq "$rounds"); do
  ours+=("$(rps telemed "$r" "$turl")")
  peer+=("$(rps nginx "$r" "$nurl")")
  echo "round $r: telemed ${ours[-1]} req/s, nginx ${peer[-1]} req/s"
done

node bench/report.mjs --ours "${ours[*]}" --peer "${peer[*]}" --seconds "$seconds" --connections "$conns" \
  --rounds "$rounds" --body-bytes "$(wc -c <"$work/health.body")" --peer-name "$(nginx -v 2>&1 | sed 's/.*: //') static file, same bytes" \
  --command "${wrk_cmd[*]} https://127.0.0.1:PORT/…"
