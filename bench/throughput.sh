#!/usr/bin/env bash
# Targets 1-5 of issue 9, each a ratio measured in one run on the same machine:
#   1. static page vs nginx serving the same web/ folder                  (>= 0.8)
#   2. GET /api/v1/sessions for a cycle vs nginx serving the same bytes    (>= 0.5)
#   3. registrations at synchronous=FULL vs the sqlite3 shell doing one
#      INSERT per transaction at synchronous=FULL in WAL on the same disk (>= 1.0), p99 < 50 ms
#   4. resident memory idle (< 20 MiB) and peak during 3 (< 64 MiB)
#   5. listing latency with ten cycles of history vs one                   (within 20%)
# Usage: bench/throughput.sh [seconds per wrk run, default 10]
# Env: BENCH_BUILD (Release build folder), BENCH_CONNECTIONS (default 64), BENCH_KEEP=1.
source "$(dirname "$0")/lib.sh"
need_tools wrk=wrk nginx=nginx-light sqlite3=sqlite3 curl=curl
build_release

secs="${1:-10}"
conns="${BENCH_CONNECTIONS:-64}"
wrk_opts=(-t2 -c"$conns" -d"${secs}s" --latency)
data="$BENCH_TMP/data"
port=$(free_port)
nport=$(free_port)
base="http://127.0.0.1:$port"
nbase="http://127.0.0.1:$nport"
out="$BENCH_TMP/out"; mkdir -p "$out"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"

# First start creates the database and the admin; stop it, give one session a large capacity.
start_server "$port" "$data"
sid=$(open_session "$port" cross-sector)
stop_server
sqlite3 "$data/intervision.db" "UPDATE sessions SET capacity = 10000000 WHERE id = $sid;"
start_server "$port" "$data"
sleep 1
idle_kib=$(rss_kib "$SERVER_PID")

# nginx serves web/ and, beside it, the API's bytes for the cycle.
site="$BENCH_TMP/site"
cp -r "$BENCH_ROOT/web" "$site"
cycle=$(curl -fsS "$base/api/v1/cycles/current")
from=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["first_day"])' "$cycle")
to=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["last_day"])' "$cycle")
list="/api/v1/sessions?from=$from&to=$to"
curl -fsS "$base$list" >"$site/sessions.json"
echo "cycle $from..$to: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$site/sessions.json") sessions, $(stat -c %s "$site/sessions.json") bytes"
start_nginx "$nport" "$site"

run_wrk() {  # run_wrk NAME URL [extra wrk args]
  local name="$1" url="$2"; shift 2
  wrk "${wrk_opts[@]}" "$@" "$url" >"$out/$name.txt" 2>&1
  printf '  %-28s %10s req/s  p99 %8s ms  errors %s\n' "$name" "$(wrk_rps "$out/$name.txt")" "$(wrk_p99_ms "$out/$name.txt")" "$(wrk_errors "$out/$name.txt")"
}

echo "1. static page (/index.html), wrk ${wrk_opts[*]}"
run_wrk static-nginx "$nbase/index.html"
run_wrk static-intervision "$base/index.html"
r1=$(ratio "$(wrk_rps "$out/static-intervision.txt")" "$(wrk_rps "$out/static-nginx.txt")")
echo "   ratio $r1 (target >= 0.8)"

echo "2. GET $list"
run_wrk sessions-nginx "$nbase/sessions.json"
run_wrk sessions-intervision "$base$list"
r2=$(ratio "$(wrk_rps "$out/sessions-intervision.txt")" "$(wrk_rps "$out/sessions-nginx.txt")")
echo "   ratio $r2 (target >= 0.5)"

echo "3. registrations at synchronous=FULL, $conns connections"
before=$(sqlite3 "$data/intervision.db" "SELECT COUNT(*) FROM registrations;")
peak_file="$out/peak"; echo 0 >"$peak_file"
( peak=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
    v=$(rss_kib "$SERVER_PID" 2>/dev/null || echo 0); [ "${v:-0}" -gt "$peak" ] && peak=$v && echo "$peak" >"$peak_file"
    sleep 0.05; done ) &
sampler=$!
BENCH_RUN="$RANDOM$RANDOM" BENCH_SESSION_PATH="/api/v1/sessions/$sid/registrations" \
  run_wrk registrations-intervision "$base/api/v1/sessions/$sid/registrations" -s "$BENCH_ROOT/bench/register.lua"
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
after=$(sqlite3 "$data/intervision.db" "SELECT COUNT(*) FROM registrations;")
reg_rps=$(wrk_rps "$out/registrations-intervision.txt")
reg_p99=$(wrk_p99_ms "$out/registrations-intervision.txt")
not201=$(awk '/^not_201:/ {print $2}' "$out/registrations-intervision.txt")
echo "   rows added $((after - before)), responses other than 201: ${not201:-?}"
peak_kib=$(cat "$peak_file")
hwm=$(hwm_kib "$SERVER_PID")

# The sqlite3 shell: one INSERT per transaction (autocommit), WAL, synchronous=FULL, same disk.
n=${BENCH_SQLITE_ROWS:-3000}
shelldb="$BENCH_TMP/shell.db"
{
  echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
  echo "CREATE TABLE registrations (id INTEGER PRIMARY KEY, participant_id INTEGER NOT NULL, session_id INTEGER NOT NULL, status TEXT NOT NULL, queued_at INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, UNIQUE (participant_id, session_id));"
} | sqlite3 "$shelldb" >/dev/null
python3 -c "
import sys
n = int(sys.argv[1])
print('PRAGMA synchronous=FULL;')
for i in range(n):
    print(f\"INSERT INTO registrations (participant_id, session_id, status, queued_at, created_at, updated_at) VALUES ({i}, 1, 'confirmed', {i}, 1764000000, 1764000000);\")
" "$n" >"$BENCH_TMP/inserts.sql"
t0=$(date +%s.%N)
sqlite3 "$shelldb" <"$BENCH_TMP/inserts.sql" >/dev/null
t1=$(date +%s.%N)
shell_rps=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])):.1f}')" "$n" "$t0" "$t1")
printf '  %-28s %10s inserts/s (%s single-row transactions)\n' "sqlite3-shell" "$shell_rps" "$n"
r3=$(ratio "$reg_rps" "$shell_rps")
echo "   ratio $r3 (target >= 1.0), p99 $reg_p99 ms (target < 50), errors $(wrk_errors "$out/registrations-intervision.txt") + ${not201:-?} not 201 (target 0)"

echo "4. memory: idle $((idle_kib / 1024)) MiB ($idle_kib KiB; target < 20 MiB), peak during 3: sampled $((peak_kib / 1024)) MiB, VmHWM $((hwm / 1024)) MiB (target < 64 MiB)"

# 5. Growth: listing latency for the current cycle with one cycle of sessions, then with ten.
# History: nine earlier cycles, each a copy of the current cycle's sessions moved back by whole
# years, with as many registrations per session as the benchmark left in the current one, spread.
measure_list() {  # one connection, so the figure is latency, not throughput
  wrk -t1 -c1 -d"${secs}s" --latency "$base$list" >"$out/$1.txt" 2>&1
  awk '/^    Latency/ {print $2}' "$out/$1.txt"
}
lat1=$(measure_list growth-1-cycle)
stop_server
sqlite3 "$data/intervision.db" <<SQL
PRAGMA foreign_keys = OFF;
BEGIN;
WITH RECURSIVE y(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM y WHERE k < 9)
INSERT INTO cycles (label, first_day, last_day)
  SELECT printf('%d-%d', CAST(substr(label, 1, 4) AS INTEGER) - k, CAST(substr(label, 6, 4) AS INTEGER) - k),
         printf('%04d', CAST(substr(first_day, 1, 4) AS INTEGER) - k) || substr(first_day, 5),
         printf('%04d', CAST(substr(last_day, 1, 4) AS INTEGER) - k) || substr(last_day, 5)
  FROM cycles, y WHERE label = (SELECT cycle_label FROM sessions WHERE id = $sid);
WITH RECURSIVE y(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM y WHERE k < 9)
INSERT INTO sessions (series_slug, cycle_label, slot_key, starts_at, ends_at, place, online, capacity, close_hours, state, updated_at)
  SELECT series_slug,
         printf('%d-%d', CAST(substr(cycle_label, 1, 4) AS INTEGER) - k, CAST(substr(cycle_label, 6, 4) AS INTEGER) - k),
         slot_key || '-h' || k, starts_at - k * 31536000, ends_at - k * 31536000, place, online, 12, close_hours, 'held', updated_at
  FROM sessions, y WHERE cycle_label = (SELECT cycle_label FROM sessions WHERE id = $sid);
INSERT INTO registrations (participant_id, session_id, status, queued_at, created_at, updated_at)
  SELECT r.participant_id, h.id, r.status, r.queued_at, r.created_at, r.updated_at
  FROM registrations r JOIN sessions h ON h.slot_key LIKE '%-h%' AND h.id % 50 = r.id % 50
  WHERE r.session_id = $sid AND r.id % 7 = 0;
INSERT OR IGNORE INTO session_counts (session_id, sector, role, registered)
  SELECT id, 'mental_health', 'peer_helper', 10 FROM sessions WHERE slot_key LIKE '%-h%';
COMMIT;
SQL
echo "5. history: $(sqlite3 "$data/intervision.db" "SELECT COUNT(DISTINCT cycle_label) || ' cycles, ' || COUNT(*) || ' sessions' FROM sessions;"), $(sqlite3 "$data/intervision.db" "SELECT COUNT(*) FROM registrations;") registrations"
start_server "$port" "$data"
sleep 1
curl -fsS "$base$list" -o "$out/after.json"; cmp -s "$out/after.json" "$site/sessions.json" || echo "   (note: the listing's bytes changed after adding history: seats_left reflects registrations)"
lat10=$(measure_list growth-10-cycles)
lat1b=$(measure_list growth-1-cycle-again)
echo "   mean latency, 1 connection: one cycle $lat1, ten cycles $lat10 (first measure again after restart: $lat1b)"
to_us() { python3 -c "import sys; v=sys.argv[1]; print(float(v[:-2])*1000 if v.endswith('ms') else float(v[:-2]) if v.endswith('us') else float(v[:-1])*1e6)" "$1"; }
r5=$(ratio "$(to_us "$lat10")" "$(to_us "$lat1")")
echo "   ratio $r5 (target <= 1.2)"
echo
echo "SUMMARY static=$r1 sessions=$r2 registrations=$r3 p99_ms=$reg_p99 idle_mib=$((idle_kib / 1024)) peak_mib=$((hwm / 1024)) growth=$r5"
