#!/usr/bin/env bash
# Restore benchmark: a backup of a running cycle with 100,000 participants (one registration and
# one sent mail each) is restored while the privacy ledger beside the key file lists ERASE of them
# as erased since the backup. Times `intervision restore` and the first start after it, which
# replays the ledger (deletes the erased participants, their registrations and mails, then
# checkpoints and vacuums so no freed page keeps them). The start is `intervision purge --dry-run`:
# it opens the data folder exactly as `serve` does (binding check, ledger replay) and exits.
#
#   bench/restore_bench.sh [BINARY]      (default: build/intervision, or $INTERVISION_BINARY)
# Environment: PARTICIPANTS (100000), ERASE (100000; 0 for the baseline), MIME_BYTES (3000),
# KEEP=1 keeps the work folder.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${INTERVISION_BINARY:-$root/build/intervision}}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d /tmp/intervision-restore-bench.XXXXXX)
data=$work/data
cfg=$root/config/intervision.toml
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT
cd "$root"

"$bin" purge --dry-run --config "$cfg" --data "$data" >/dev/null  # schema, key file, ledger
echo "generating..."
python3 "$root/bench/restore_bench_gen.py" --data "$data" --participants "${PARTICIPANTS:-100000}" \
  --erase "${ERASE:-100000}" --mime-bytes "${MIME_BYTES:-3000}"
"$bin" backup "$work/backup.db" --config "$cfg" --data "$data" >/dev/null
echo "backup $(du -h "$work/backup.db" | cut -f1); ledger $(wc -l <"$data/intervision.ledger") lines"
sync

t0=$(date +%s.%N)
"$bin" restore "$work/backup.db" --config "$cfg" --data "$data" >/dev/null
t1=$(date +%s.%N)
"$bin" purge --dry-run --config "$cfg" --data "$data" >/dev/null
t2=$(date +%s.%N)
printf 'restore: %.2f s; first start with the ledger replay: %.2f s; total %.2f s (load average %s)\n' \
  "$(echo "$t1 - $t0" | bc -l)" "$(echo "$t2 - $t1" | bc -l)" "$(echo "$t2 - $t0" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
t3=$(date +%s.%N)
"$bin" purge --dry-run --config "$cfg" --data "$data" >/dev/null
t4=$(date +%s.%N)
printf 'a later start (nothing left to replay): %.2f s\n' "$(echo "$t4 - $t3" | bc -l)"
python3 - "$data/intervision.db" "${PARTICIPANTS:-100000}" "${ERASE:-100000}" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
left = db.execute("SELECT COUNT(*) FROM participants").fetchone()[0]
expected = int(sys.argv[2]) - int(sys.argv[3])
print(f"participants after the start: {left} (expected {expected}); database {db.execute('PRAGMA page_count').fetchone()[0] * 4096 // 1048576} MiB")
sys.exit(0 if left == expected else 1)
PY
