#!/usr/bin/env bash
# Hardening (issue 16): three measurements against the real server.
#   1. the owner's sign-ins while 50 addresses guess the same account's password
#   2. ordinary clients under slowloris: 4,000 slow connections from 127.0.0.2 against a server
#      started with a 1,024-descriptor limit (prlimit, soft and hard)
#   3. public latency (GET /api/v1/sessions/{id}, a worker-pool read) alone, then during a sign-in
#      flood from 200 connections with a different X-Forwarded-For each (trust_proxy on)
# Usage: bench/hardening.sh [seconds per phase, default 20]
# BENCH_BIN=/path/to/intervision measures another build (for a before/after) without building.
source "$(dirname "$0")/lib.sh"
need_tools wrk=wrk curl=curl prlimit=util-linux
if [ -n "${BENCH_BIN_OVERRIDE:-}" ]; then BENCH_BIN="$BENCH_BIN_OVERRIDE"; else build_release; fi
secs="${1:-20}"
out="$BENCH_TMP/out"; mkdir -p "$out"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); binary $BENCH_BIN"
ulimit -n 65536 2>/dev/null || true

# --- 1. the owner under a guessing attack -------------------------------------------------
port=$(free_port)
start_server "$port" "$BENCH_TMP/d1" INTERVISION_SERVER_TRUST_PROXY=true
"$BENCH_BIN" user add --email owner@smes.be --role admin --data "$BENCH_TMP/d1" --config "$BENCH_ROOT/config/intervision.toml" \
  <<<"owner passphrase for the bench 42" >/dev/null
python3 "$BENCH_ROOT/bench/hardening_attack.py" guess "$port" "$secs"

# --- 2. slowloris at 1,024 descriptors ------------------------------------------------------
stop_server
port=$(free_port)
data="$BENCH_TMP/d2"; mkdir -p "$data"
(cd "$BENCH_ROOT" && exec prlimit --nofile=1024:1024 env INTERVISION_MAIL_TRANSPORT=directory INTERVISION_SERVER_IDLE_TIMEOUT_MS=15000 \
  "$BENCH_BIN" serve --port "$port" --data "$data") >>"$data/server.log" 2>&1 &
SERVER_PID=$!; BENCH_PIDS+=("$SERVER_PID")
wait_http "http://127.0.0.1:$port/healthz"
python3 "$BENCH_ROOT/bench/hardening_attack.py" slowloris "$port" "$secs" 4000 &
attack=$!
sleep 3
wrk -t1 -c8 -d"$((secs - 5))s" --timeout 2s --latency "http://127.0.0.1:$port/api/v1/sessions" >"$out/slow.txt" 2>&1
printf '  ordinary clients (wrk, 8 connections) during slowloris: %s req/s, p99 %s ms, errors %s\n' \
  "$(wrk_rps "$out/slow.txt")" "$(wrk_p99_ms "$out/slow.txt")" "$(wrk_errors "$out/slow.txt")"
python3 "$BENCH_ROOT/bench/hardening_attack.py" probes "$port" 20
wait "$attack" || true
echo "  server CPU during the phase: $(awk '{printf "%.1f s", ($14 + $15) / 100}' /proc/$SERVER_PID/stat)"

# --- 3. public latency during a sign-in flood ------------------------------------------------
stop_server
port=$(free_port)
# 204 connections from 127.0.0.1 stand for clients behind a proxy: no per-address cap here.
start_server "$port" "$BENCH_TMP/d3" INTERVISION_SERVER_TRUST_PROXY=true INTERVISION_SERVER_MAX_CONNECTIONS_PER_ADDRESS=0
sid=$(open_session "$port" cross-sector)
wrk -t1 -c4 -d"$((secs / 2))s" --latency "http://127.0.0.1:$port/api/v1/sessions/$sid" >"$out/alone.txt" 2>&1
wrk -t2 -c200 -d"$((secs + 4))s" --timeout 10s -s "$BENCH_ROOT/bench/login_flood.lua" "http://127.0.0.1:$port/api/v1/auth/login" >"$out/flood.txt" 2>&1 &
flood=$!
sleep 2
wrk -t1 -c4 -d"${secs}s" --latency "http://127.0.0.1:$port/api/v1/sessions/$sid" >"$out/during.txt" 2>&1
wait "$flood" || true
p50() { awk '$1 == "50%" {print $2}' "$1"; }
printf '  public session read alone:            p50 %s  p99 %s ms  (%s req/s)\n' "$(p50 "$out/alone.txt")" "$(wrk_p99_ms "$out/alone.txt")" "$(wrk_rps "$out/alone.txt")"
printf '  public session read during the flood: p50 %s  p99 %s ms  (%s req/s, errors %s)\n' "$(p50 "$out/during.txt")" \
  "$(wrk_p99_ms "$out/during.txt")" "$(wrk_rps "$out/during.txt")" "$(wrk_errors "$out/during.txt")"
printf '  sign-in flood: %s answers/s; %s\n' "$(wrk_rps "$out/flood.txt")" "$(grep -E 'Non-2xx' "$out/flood.txt" || echo 'all 2xx')"
