#!/usr/bin/env bash
# Hostile input (issue 9): sqlmap in batch mode at level 2 against the public API:
#   GET  /api/v1/sessions?from=&to=&series=     (query parameters)
#   GET  /api/v1/sessions/{id}                  (path)
#   POST /api/v1/sessions/{id}/registrations    (every JSON value)
# Passes when sqlmap reports no injectable parameter for any of them.
# Usage: bench/sqlmap.sh [level, default 2] [risk, default 1]
source "$(dirname "$0")/lib.sh"
need_tools sqlmap=sqlmap curl=curl
build_release

level="${1:-2}"
risk="${2:-1}"
data="$BENCH_TMP/data"
port=$(free_port)
base="http://127.0.0.1:$port"
out="$BENCH_TMP/sqlmap"; mkdir -p "$out"
start_server "$port" "$data"
sid=$(open_session "$port" cross-sector)
before=$(sqlite3 "$data/intervision.db" "SELECT (SELECT COUNT(*) FROM sessions) || '/' || (SELECT COUNT(*) FROM series) || '/' || (SELECT COUNT(*) FROM staff) || '/' || (SELECT SUM(capacity) FROM sessions);")

run_sqlmap() {  # run_sqlmap NAME sqlmap-args...
  local name="$1"; shift
  local t0=$SECONDS
  sqlmap --batch --level "$level" --risk "$risk" --output-dir "$out" --flush-session --disable-coloring "$@" >"$out/$name.log" 2>&1 || true
  local requests
  requests=$(grep -aoE "[0-9]+ HTTP\(s\) requests" "$out/$name.log" | tail -1 || true)
  if grep -aqiE "is vulnerable|appears to be .*injectable|identified the following injection point" "$out/$name.log"; then
    echo "  $name: INJECTION FOUND (see $out/$name.log)"
    FOUND=1
  else
    echo "  $name: nothing found in $((SECONDS - t0)) s${requests:+, $requests}: $(grep -aoE "all tested parameters (do not appear to be|appear to be not) injectable" "$out/$name.log" | head -1)"
  fi
}
FOUND=0
echo "sqlmap $(sqlmap --version 2>/dev/null | grep -oE "^[0-9][^ ]*" | head -1), level $level, risk $risk, against $base"
run_sqlmap listing -u "$base/api/v1/sessions?from=2026-09-01&to=2027-08-31&series=cross-sector" -p "from,to,series"
run_sqlmap session-path -u "$base/api/v1/sessions/${sid}*"
run_sqlmap registration -u "$base/api/v1/sessions/$sid/registrations" \
  --data '{"name": "Ann Smet", "email": "ann.smet@example.be", "phone": "0470123456", "organisation": "De Link", "sector": "mental_health", "role": "peer_helper", "language": "nl", "consent": true}' \
  --headers "Content-Type: application/json"
after=$(sqlite3 "$data/intervision.db" "SELECT (SELECT COUNT(*) FROM sessions) || '/' || (SELECT COUNT(*) FROM series) || '/' || (SELECT COUNT(*) FROM staff) || '/' || (SELECT SUM(capacity) FROM sessions);")
echo "  sessions/series/staff/capacity before $before, after $after; registrations stored: $(sqlite3 "$data/intervision.db" 'SELECT COUNT(*) FROM registrations;')"
echo "  statuses the server answered: $(awk '$2 ~ /^req=/ {print $5}' "$data/server.log" | sort | uniq -c | sort -rn | awk '{printf "%s x%s, ", $2, $1}')"
[ "$before" = "$after" ] || { echo "  DATA CHANGED"; FOUND=1; }
exit $FOUND
