# signal_run.sh — the signalling rows of `make bench`, sourced by bench/run.sh
# (its header says what each row is; its helpers free_port, start_telemed and
# the $work, $bin and pids it keeps are used here): telemed, the Socket.IO
# peer and the C relay, a fresh process each per round on core 0, in an order
# that rotates round by round; the C load generator on core 1; then the
# Chromium call set-up against telemed; then bench/report.mjs --only signal.
# BENCH_SIGNAL_PARTS=memory: the memory rows alone (no latency, no call
# set-up), printed round by round with their medians; nothing is written.

# the servers of the rows before are idle, but not free: stop them
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
pids=()

max_conns=$(tr ',' '\n' <<<"$sig_conns,$sig_latency_conns" | sort -n | tail -1)
npairs=$((max_conns / 2))
ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) > max_conns + 200 )) ||
  { echo "bench: open files are limited to $(ulimit -n), $max_conns connections need more"; exit 1; }

cflags=(-O2 -Wall -Wextra -Werror)
cc "${cflags[@]}" -o "$work/relay" bench/peers/relay/relay.c bench/c/ws_tls.c -lssl -lcrypto
cc "${cflags[@]}" -o "$work/signal_load" bench/c/signal_load.c bench/c/ws_tls.c bench/c/bench_util.c -lssl -lcrypto

# one store with the pairs (and a few more for the browsers' calls), one
# certificate for all three servers
sig="$work/signal"
mkdir -p "$sig"
start_ns=$(date +%s%N)
"$bin" demo --data "$sig" --pairs $((npairs + ncalls)) --pairs-file "$work/pairs" --log-level warn >/dev/null
pairs_s=$(awk -v a="$start_ns" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
echo "demo --pairs $((npairs + ncalls)): ${pairs_s} s"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$sig/key.pem" -out "$sig/cert.pem" 2>/dev/null

sig_server() { # kind port -> starts it on core 0; its pid in $spid
  case $1 in
    telemed)
      taskset -c 0 "$bin" serve --port "$2" --bind 127.0.0.1 --data "$sig" --tls-cert "$sig/cert.pem" \
        --tls-key "$sig/key.pem" --web web --node-modules node_modules --log-level warn \
        >"$work/sig-$1.out" 2>"$work/sig-$1.err" & ;;
    socketio)
      taskset -c 0 node "$sio_dir/server.mjs" --port "$2" --cert "$sig/cert.pem" --key "$sig/key.pem" \
        >"$work/sig-$1.out" 2>"$work/sig-$1.err" & ;;
    relay)
      taskset -c 0 "$work/relay" --port "$2" --cert "$sig/cert.pem" --key "$sig/key.pem" \
        >"$work/sig-$1.out" 2>"$work/sig-$1.err" & ;;
  esac
  spid=$!
  pids+=("$spid")
  for _ in $(seq 100); do grep -q "listening" "$work/sig-$1.out" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: the $1 server did not start"; cat "$work/sig-$1.err"; exit 1
}

sig_measure() { # kind round -> appends one JSON line to $work/signal.rounds
  local port file="$work/pairs"
  port=$(free_port)
  sig_server "$1" "$port"
  if [[ $1 == telemed ]]; then # tickets live ten minutes: minted now
    taskset -c 1 node bench/signal_tickets.mjs --url "https://127.0.0.1:$port" --ca "$sig/cert.pem" \
      --pairs "$work/pairs" --count "$npairs" --out "$work/tickets"
    file="$work/tickets"
  fi
  taskset -c 1 "$work/signal_load" --kind "$1" --port "$port" --ca "$sig/cert.pem" --pid "$spid" \
    --pairs "$file" --conns "$sig_conns" --latency-conns "$sig_latency_conns" --rates "$sig_rates" \
    --seconds "$sig_seconds" --ladder "$sig_ladder" --step-seconds "$sig_step_seconds" \
    --memory-only "$([[ $sig_parts == memory ]] && echo 1 || echo 0)" \
    2>"$work/sig-load-$1-$2.err" | sed "s/^{/{\"round\":$2,/" >>"$work/signal.rounds" ||
    { echo "bench: the $1 signalling run failed"; cat "$work/sig-load-$1-$2.err"; exit 1; }
  kill "$spid"; wait "$spid" 2>/dev/null || true
  echo "round $2: $1 $(tail -1 "$work/signal.rounds" | node -e '
    const o = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(o.memory.map((m) => `${m.conns}: ${m.bytes_per_conn} B/conn`).join(", ") + "; " +
      o.fixed.map((f) => `${f.rate}/s p50 ${f.p50_ms} p99 ${f.p99_ms} ms`).join(", ") + `; highest ${o.highest}/s`)')"
}

: >"$work/signal.rounds"
kinds=(telemed socketio relay)
for r in $(seq "$sig_rounds"); do
  for k in 0 1 2; do sig_measure "${kinds[$(((r - 1 + k) % 3))]}" "$r"; done
done

if [[ $sig_parts == memory ]]; then
  node -e '
    const rounds = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };
    for (const kind of ["telemed", "socketio", "relay"]) {
      const rs = rounds.filter((r) => r.kind === kind);
      console.log(`median bytes per connection, ${kind}: ` +
        rs[0].memory.map((m, i) => `${m.conns}: ${med(rs.map((r) => r.memory[i].bytes_per_conn))}`).join(", "));
    }' "$work/signal.rounds"
  return 0
fi

# call set-up in Chromium, on pairs the load generator never used
cport=$(free_port)
sig_server telemed "$cport"
taskset -c 1 node bench/call_setup.mjs --url "https://127.0.0.1:$cport" --pairs "$work/pairs" \
  --first $((npairs + 1)) --calls "$ncalls" >"$work/calls.json" 2>"$work/calls.err" ||
  { echo "bench: the call set-up run failed"; cat "$work/calls.err"; exit 1; }
kill "$spid"; wait "$spid" 2>/dev/null || true
echo "call set-up: $(cat "$work/calls.json" | head -c 300)"

node bench/report.mjs --only signal --signal-rounds "$work/signal.rounds" --calls "$work/calls.json" \
  --signal-conns "$sig_conns" --signal-latency-conns "$sig_latency_conns" --signal-seconds "$sig_seconds" \
  --signal-step-seconds "$sig_step_seconds" --signal-ladder "$sig_ladder" --pairs-seconds "$pairs_s" \
  --open-files "$(ulimit -n)" \
  --socketio-name "Socket.IO $(node -p "require('./$sio_dir/node_modules/socket.io/package.json').version") on Node $(node --version)"
