#!/usr/bin/env bash
# Purge benchmark: one ended cycle with 100,000 participants and 300,000 registrations (and one
# sent mail per registration), beside a current cycle that must stay, purged by
# `intervision purge --cycle` with its forensic steps (key destruction, WAL checkpoint with
# truncation, VACUUM). Prints the wall time of the purge and the file sizes before and after.
#
#   bench/purge_bench.sh [BINARY]        (default: build/intervision, or $INTERVISION_BINARY)
# Environment: PARTICIPANTS (100000), REGS_PER (3), MAILS_PER (1), MIME_BYTES (3000), OTHER (2000),
# CYCLE (2024-2025: any cycle that has ended by the wall clock), RUNS (1: purges of fresh copies),
# KEEP=1 keeps the work folder.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${INTERVISION_BINARY:-$root/build/intervision}}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
cycle=${CYCLE:-2024-2025}
work=$(mktemp -d /tmp/intervision-purge-bench.XXXXXX)
data=$work/data
cfg=$root/config/intervision.toml
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT
cd "$root"

"$bin" purge --dry-run --config "$cfg" --data "$data" >/dev/null  # creates the schema and the key file
echo "generating (this takes a while)..."
gen_start=$(date +%s)
python3 "$root/bench/purge_bench_gen.py" --data "$data" --cycle "$cycle" \
  --participants "${PARTICIPANTS:-100000}" --regs-per "${REGS_PER:-3}" --mails-per "${MAILS_PER:-1}" \
  --mime-bytes "${MIME_BYTES:-3000}" --other "${OTHER:-2000}"
echo "generated in $(( $(date +%s) - gen_start )) s; database $(du -h "$data/intervision.db" | cut -f1)"
"$bin" purge --cycle "$cycle" --dry-run --config "$cfg" --data "$data"
mv "$data" "$work/pristine"

# Each run purges a fresh copy of the generated data.
for run in $(seq 1 "${RUNS:-1}"); do
  rm -rf "$data"
  cp -a "$work/pristine" "$data"
  sync
  start=$(date +%s.%N)
  "$bin" purge --cycle "$cycle" --config "$cfg" --data "$data" >"$work/purge.out"
  end=$(date +%s.%N)
  printf 'run %d: purge of %s: %.2f s wall (load average %s)\n' "$run" "$cycle" "$(echo "$end - $start" | bc -l)" \
    "$(cut -d' ' -f1 /proc/loadavg)"
done

cat "$work/purge.out"
echo "after: database $(du -h "$data/intervision.db" | cut -f1); beside it: $(ls "$data" | grep '^intervision.db-' || echo none)"
python3 - "$data/intervision.db" "$cycle" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
left = db.execute("SELECT COUNT(*) FROM participants WHERE cycle_label = ?", (sys.argv[2],)).fetchone()[0]
kept = db.execute("SELECT COUNT(*) FROM participants WHERE cycle_label <> ?", (sys.argv[2],)).fetchone()[0]
print(f"participants left in {sys.argv[2]}: {left}; in other cycles (kept): {kept}")
sys.exit(1 if left else 0)
EOF
grep -q "^$cycle " "$data/intervision.keys" && { echo "the key is still there"; exit 1; }
echo "key of $cycle destroyed"
