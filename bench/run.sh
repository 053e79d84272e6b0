#!/usr/bin/env bash
# run.sh — `make bench`: side-by-side benchmarks on this machine. Starts the
# measured servers itself on loopback, pins them to core 0 and the load
# generator to core 1, alternates contenders round by round, takes medians and
# writes bench/results.json and docs/benchmarks.md (through bench/report.mjs).
#
# Row 1: GET /api/v1/health over HTTPS with keep-alive (wrk) against Debian's
# nginx serving a static file of the same bytes over HTTPS. Goal: at least
# 50 % of nginx's requests per second.
# Rows 2-4: doctor search over 100,000 demo doctors (bench/search_paths.mjs:
# names as typed, symptoms, filters, browsing) against the Node.js peer
# (bench/peers/node: node:https + better-sqlite3 on a copy of the same store,
# the same SQL), with the C load generator bench/c/http_load at a fixed 500
# requests/s (p50, p99; goal p99 < 5 ms) and stepping the rate up to the
# highest with p99 under 50 ms (goal at least 3x the peer's). The same tool's
# p99 for GET /api/v1/health at 500/s is printed beside them: what the
# instrument and the loopback add.
# Row 5: 1,000 booking attempts at once on 100 slots (bench/booking.mjs):
# exactly 100 must win; bookings per second against the same peer.
# Signalling rows, against the Socket.IO 4 peer (bench/peers/socketio) and a
# minimal C epoll relay over TLS as the limit (bench/peers/relay), each a
# fresh process per round on core 0, with the C load generator
# bench/c/signal_load on core 1; every connection is a joined participant of
# a doctor/patient pair of `telemed demo --pairs` (telemed: HELLO with the
# session token, JOIN with a ticket from POST /api/v1/appointments/{id}/join,
# minted by bench/signal_tickets.mjs just before):
# Rows 6-8: server memory (VmRSS after − before) per idle joined connection
# at 1k, 5k and 10k connections. Goal: at most a fifth of Socket.IO's.
# Rows 9-12: relay latency p50/p99 of CANDIDATE-sized messages from each
# doctor to their patient at 5,000 connections (2,500 pairs) at fixed offered
# rates (open loop). Row 13: the highest rate of a ladder with p99 under
# 50 ms. Goal: at least ten times Socket.IO's.
# Row 14: call set-up in Chromium (bench/call_setup.mjs, two browsers with
# fake cameras, pinned to core 1): OFFER sent to "connected" on both pages,
# and the share of it the messages spend between the pages. Goal: under 2 %.
# Row 16: file transfer in a call (bench/file_transfer.mjs, the call page's
# "Send a file" between two Chromium instances) against one bare RTCDataChannel
# pushing the same bytes (the limit). Goal: at least 70 % of the limit.
#   bash bench/run.sh [path/to/telemed]   (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS,
#   BENCH_DOCTORS, BENCH_SEARCH_SECONDS, BENCH_STEP_SECONDS; BENCH_ONLY=signal for the
#   signalling rows alone, BENCH_ONLY=http for all the others; BENCH_SIGNAL_ROUNDS, BENCH_SIGNAL_CONNS, BENCH_SIGNAL_LATENCY_CONNS,
#   BENCH_SIGNAL_RATES, BENCH_SIGNAL_SECONDS, BENCH_SIGNAL_LADDER, BENCH_SIGNAL_STEP_SECONDS,
#   BENCH_CALLS; BENCH_SIGNAL_PARTS=memory for the memory rows alone, printed, not written;
#   BENCH_ONLY=files for the file transfer row alone)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/telemed}

# File transfer in a call against one bare RTCDataChannel (bench/file_transfer.mjs;
# it starts its own telemed and two Chromium instances): BENCH_ONLY=files runs
# it alone (BENCH_FILE_MB, BENCH_FILE_ROUNDS); bench/report.mjs --only files
# writes its row into results.json and docs/benchmarks.md, the others kept.
file_transfer() {
  echo "== file transfer in a call, against one bare RTCDataChannel (${BENCH_FILE_MB:-50} MB, ${BENCH_FILE_ROUNDS:-5} rounds)"
  local out
  out=$(mktemp)
  node bench/file_transfer.mjs --mb "${BENCH_FILE_MB:-50}" --rounds "${BENCH_FILE_ROUNDS:-5}" >"$out"
  node bench/report.mjs --only files --files-result "$out"
  rm -f "$out"
}
if [[ ${BENCH_ONLY:-} == files ]]; then
  file_transfer
  exit 0
fi
rounds=${BENCH_ROUNDS:-3}
seconds=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-50}
ndoctors=${BENCH_DOCTORS:-100000}
search_seconds=${BENCH_SEARCH_SECONDS:-5}
step_seconds=${BENCH_STEP_SECONDS:-3}
peer_dir=bench/peers/node
only=${BENCH_ONLY:-}
sig_rounds=${BENCH_SIGNAL_ROUNDS:-3}
sig_conns=${BENCH_SIGNAL_CONNS:-1000,5000,10000}
sig_latency_conns=${BENCH_SIGNAL_LATENCY_CONNS:-5000}
sig_rates=${BENCH_SIGNAL_RATES:-1000,5000}
sig_seconds=${BENCH_SIGNAL_SECONDS:-5}
sig_ladder=${BENCH_SIGNAL_LADDER:-1000,2000,3000,5000,7000,10000,14000,20000,28000,40000,56000,80000}
sig_step_seconds=${BENCH_SIGNAL_STEP_SECONDS:-3}
sig_parts=${BENCH_SIGNAL_PARTS:-all}
ncalls=${BENCH_CALLS:-5}
sio_dir=bench/peers/socketio

for tool in wrk nginx taskset openssl node sqlite3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps-bench)"; exit 1; }
done
[[ -f $peer_dir/node_modules/better-sqlite3/build/Release/better_sqlite3.node ]] ||
  { echo "bench: the Node.js peer is not installed (make deps-bench)"; exit 1; }
[[ -f $sio_dir/node_modules/socket.io/package.json ]] ||
  { echo "bench: the Socket.IO peer is not installed (make deps-bench)"; exit 1; }
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

start_telemed() { # port name — serves $work/name on core 0
  taskset -c 0 "$bin" serve --port "$1" --bind 127.0.0.1 --data "$work/$2" \
    --web web --node-modules node_modules --log-level warn >"$work/$2.out" 2>"$work/$2.err" &
  pids+=($!)
  for _ in $(seq 100); do grep -q "telemed listening on" "$work/$2.out" 2>/dev/null && break; sleep 0.1; done
}

signalling() { # the signalling rows; run.sh's last part
  source bench/signal_run.sh
}
if [[ $only == signal ]]; then
  signalling
  exit 0
fi

# --- telemed -----------------------------------------------------------------
tport=$(free_port)
start_telemed "$tport" telemed
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

# --- doctor search and booking over $ndoctors doctors --------------------------
start_ns=$(date +%s%N)
"$bin" demo --doctors "$ndoctors" --seed 1 --data "$work/search" --log-level warn >"$work/demo.out"
demo_s=$(awk -v a="$start_ns" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
echo "demo --doctors $ndoctors: ${demo_s} s"
sport=$(free_port)
start_telemed "$sport" search
ca="$work/search/tls/cert.pem"
node bench/race_setup.mjs --url "https://127.0.0.1:$sport" --ca "$ca" --patients 10 --rounds "$rounds" --out "$work"
sqlite3 "$work/search/telemed.db" ".backup '$work/peer.db'" # online copy: telemed keeps running
pport=$(free_port)
taskset -c 0 node "$peer_dir/server.mjs" --db "$work/peer.db" --port "$pport" --cert "$ca" \
  --key "$work/search/tls/key.pem" --sessions "$work/sessions" >"$work/peer.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "peer listening" "$work/peer.out" 2>/dev/null && break; sleep 0.1; done
token=$(head -1 "$work/tokens")
sqlite3 "$work/peer.db" "SELECT DISTINCT full_name FROM users WHERE role = 'doctor' ORDER BY full_name" |
  node bench/search_paths.mjs >"$work/paths.txt"
# both must find the same doctors with the same next free slots
answer() { # port path
  node -e 'const [u,ca,t]=process.argv.slice(1);require("https").get(u,{ca:require("fs").readFileSync(ca),servername:"localhost",headers:{authorization:"Bearer "+t}},r=>{let b="";r.on("data",c=>b+=c);r.on("end",()=>{const j=JSON.parse(b);process.stdout.write(JSON.stringify([r.statusCode,j.doctors.map(d=>[d.id,d.next_free_slot]),j.next_cursor]))})})' \
    "https://127.0.0.1:$1$2" "$ca" "$token"
}
while read -r path; do
  [[ "$(answer "$sport" "$path")" == "$(answer "$pport" "$path")" ]] ||
    { echo "bench: the peer answers $path differently from telemed"; exit 1; }
done < <(head -20 "$work/paths.txt")
cc -O2 -Wall -Wextra -Werror -o "$work/http_load" bench/c/http_load.c bench/c/bench_util.c -lssl -lcrypto
echo /api/v1/health >"$work/health-path.txt"
load() { # port rate seconds [paths file] -> one JSON line
  taskset -c 1 "$work/http_load" --port "$1" --ca "$ca" --paths "${4:-$work/paths.txt}" \
    --rate "$2" --seconds "$3" --token "$token" --connections 64
}
highest() { # port -> the highest rate of the ladder with p99 < 50 ms, no errors, 95 % achieved
  local best=0 r out
  for r in 100 200 300 400 500 700 1000 1400 2000 2800 4000 5600 8000; do
    out=$(load "$1" "$r" "$step_seconds")
    node -e 'const o=JSON.parse(process.argv[1]);process.exit(o.errors===0&&o.p99_ms<50&&o.achieved>=0.95*o.rate?0:1)' "$out" || break
    best=$r
  done
  echo "$best"
}
race() { # port round -> one JSON line
  taskset -c 1 node bench/booking.mjs --url "https://127.0.0.1:$1" --ca "$ca" --tokens "$work/tokens" \
    --slots "$work/slots-$2" --connections 100
}
: >"$work/search.rounds"
for r in $(seq "$rounds"); do
  o=$(load "$sport" 500 "$search_seconds"); p=$(load "$pport" 500 "$search_seconds")
  of=$(load "$sport" 500 "$search_seconds" "$work/health-path.txt")
  oh=$(highest "$sport"); ph=$(highest "$pport")
  ob=$(race "$sport" "$r"); pb=$(race "$pport" "$r")
  echo "{\"ours\":$o,\"peer\":$p,\"ours_highest\":$oh,\"peer_highest\":$ph,\"ours_booking\":$ob,\"peer_booking\":$pb,\"ours_floor\":$of}" >>"$work/search.rounds"
  echo "round $r: search at 500/s telemed $o; peer $p; health at 500/s telemed $of; highest rate telemed $oh/s, peer $ph/s; booking telemed $ob; peer $pb"
done

node bench/report.mjs --ours "${ours[*]}" --peer "${peer[*]}" --seconds "$seconds" --connections "$conns" \
  --rounds "$rounds" --body-bytes "$(wc -c <"$work/health.body")" --peer-name "$(nginx -v 2>&1 | sed 's/.*: //') static file, same bytes" \
  --command "${wrk_cmd[*]} https://127.0.0.1:PORT/…" --search-rounds "$work/search.rounds" --doctors "$ndoctors" \
  --demo-seconds "$demo_s" --search-seconds "$search_seconds" --step-seconds "$step_seconds" \
  --search-peer-name "Node $(node --version) node:https + better-sqlite3 $(node -p "require('./$peer_dir/node_modules/better-sqlite3/package.json').version")" \
  --only "$only"
[[ $only == http ]] || signalling
[[ $only == http ]] || file_transfer
