#!/usr/bin/env bash
# Slow clients (issue 9): slowhttptest's slowloris (-H, headers never finished) and slow body (-B,
# a declared body sent a few bytes at a time) against the server, while wrk measures ordinary
# requests at the same moment. Shows that ordinary requests keep being served and that attacking
# connections are closed at the deadline (server.idle_timeout_ms for headers, server.read_timeout_ms
# for bodies; set to 5 s here through the environment to keep the run short).
# Usage: bench/slow_clients.sh [attack seconds, default 30] [attacking connections, default 1000]
source "$(dirname "$0")/lib.sh"
need_tools wrk=wrk slowhttptest=slowhttptest curl=curl
build_release

secs="${1:-30}"
conns="${2:-1000}"
deadline_ms=5000
data="$BENCH_TMP/data"
port=$(free_port)
base="http://127.0.0.1:$port"
out="$BENCH_TMP/out"; mkdir -p "$out"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); deadlines ${deadline_ms} ms; $conns attacking connections"
start_server "$port" "$data" INTERVISION_SERVER_IDLE_TIMEOUT_MS=$deadline_ms INTERVISION_SERVER_READ_TIMEOUT_MS=$deadline_ms
sid=$(open_session "$port" cross-sector)
ulimit -n 65536 2>/dev/null || true

ordinary() {  # ordinary NAME: 20 s of ordinary clients (8 connections) on the session listing
  wrk -t1 -c8 -d"$((secs - 10))s" --latency "$base/api/v1/sessions" >"$out/$1.txt" 2>&1
  printf '  %-32s %9s req/s  p99 %8s ms  errors %s\n' "$1" "$(wrk_rps "$out/$1.txt")" "$(wrk_p99_ms "$out/$1.txt")" "$(wrk_errors "$out/$1.txt")"
}

# report_csv NAME: from slowhttptest's -g CSV (seconds, closed, pending, connected, service
# available: 1000 yes / 0 no), how long attacking connections lived: for the 10th, 50th and 90th
# percent of the connections, the seconds between the moment that many were open and the moment
# that many were closed.
report_csv() {
  python3 - "$1" "$deadline_ms" "$conns" <<'PY'
import csv, sys
rows = [[int(x) for x in r] for r in csv.reader(open(sys.argv[1] + ".csv")) if r and r[0].strip().isdigit()]
deadline, total = int(sys.argv[2]) / 1000, int(sys.argv[3])
peak = max(r[3] for r in rows)
closed = rows[-1][1]
lags = []
for frac in (0.1, 0.5, 0.9):
    k = int(total * frac)
    t_open = next((r[0] for r in rows if r[1] + r[3] >= k), None)
    t_close = next((r[0] for r in rows if r[1] >= k), None)
    lags.append("n/a" if t_open is None or t_close is None else f"{t_close - t_open}s")
unavailable = sum(1 for r in rows if r[4] == 0)
print(f"   attack: peak {peak} open at once, {closed} of {total} closed, still open at the end {rows[-1][3]}; "
      f"connection lifetime at 10/50/90%: {'/'.join(lags)} (deadline {deadline:.0f}s); "
      f"seconds slowhttptest judged the service unavailable: {unavailable}")
PY
  grep -a "Exit status" "$1.log" | sed 's/\x1b\[[0-9;]*m//g; s/^/   slowhttptest: /'
}

echo "baseline, no attack:"
ordinary baseline

attack() {  # attack NAME slowhttptest-args...
  local name="$1"; shift
  slowhttptest "$@" -c "$conns" -r 200 -i 10 -x 24 -p 3 -l "$secs" -g -o "$out/$name" >"$out/$name.log" 2>&1 &
  local spid=$!
  sleep 3
  ordinary "ordinary during $name"
  wait "$spid" || true
  report_csv "$out/$name"
  curl -fsS -o /dev/null "$base/healthz" && echo "   server healthy after the attack"
}

echo "slowloris (slowhttptest -H): headers trickled, never finished"
attack slowloris -H -t GET -u "$base/"
echo "slow body (slowhttptest -B): Content-Length 8192, body trickled"
attack slowbody -B -s 8192 -t POST -f application/json -u "$base/api/v1/sessions/$sid/registrations"
echo "server log: $(grep -c . "$data/server.log") lines; registrations stored by the slow bodies: $(sqlite3 "$data/intervision.db" 'SELECT COUNT(*) FROM registrations;')"
