#!/bin/sh
# Builds bench/anonymiser_bench.cpp with -O2 and runs it: median and p99 time to redact a
# ~2,000-character note (target: under 5 ms). Usage: bench/anonymiser.sh [RUNS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${TMPDIR:-/tmp}/intervision-anonymiser-bench
g++ -std=c++20 -O2 -I"$root/include" \
  "$root/src/domain/anonymiser.cpp" "$root"/src/domain/anonymiser/*.cpp "$root/src/domain/first_names.cpp" "$root/bench/anonymiser_bench.cpp" \
  -o "$out"
exec "$out" "${1:-2000}"
