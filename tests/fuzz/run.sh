#!/usr/bin/env bash
# Builds the libFuzzer harnesses with Debian's clang (ASan + UBSan + libFuzzer), straight from the
# sources they need (not through CMake), and runs each one in turn.
#
#   tests/fuzz/run.sh                 build all, run each for 600 s
#   tests/fuzz/run.sh 60              run each for 60 s
#   tests/fuzz/run.sh 600 recurrence  one harness (registration, recurrence, anonymiser, config)
#   FUZZ_BUILD=/tmp/fuzz tests/fuzz/run.sh    where binaries, work corpora and logs go
#   FUZZ_BUILD_ONLY=1 tests/fuzz/run.sh       build only
#
# Seeds are read from tests/fuzz/<harness>/ (never written); new inputs go to
# $FUZZ_BUILD/corpus/<harness>/. A crash leaves its reproducer in $FUZZ_BUILD/ (crash-*, leak-*,
# timeout-*); replay it with `$FUZZ_BUILD/fuzz_<harness> FILE`. Exit status 1 when any harness
# found something. One fuzzing process at a time (no -jobs/-workers): the machine is shared.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-600}"
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(registration recurrence anonymiser config)
out="${FUZZ_BUILD:-/tmp/intervision-fuzz}"
mkdir -p "$out"

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "installing clang and the libFuzzer runtime" >&2
  apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi

cxx=(clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
     -fno-omit-frame-pointer -I"$root/include" -DINTERVISION_SOURCE_DIR="\"$root\""
     -DONLY_C_LOCALE=1 -DHAS_STRING_VIEW=1 -DUSE_OS_TZDB=1)

sources_for() {
  case "$1" in
    registration) echo "src/domain/registration_input.cpp src/http/json.cpp src/http/message.cpp" ;;
    recurrence) echo "src/domain/recurrence.cpp src/domain/brussels_time.cpp src/domain/cycle.cpp" ;;
    anonymiser) echo "src/domain/anonymiser.cpp src/domain/first_names.cpp" ;;
    config) echo "src/app/config.cpp" ;;
  esac
}
libs_for() {
  case "$1" in
    registration) echo "-lboost_json -lfmt" ;;
    recurrence) echo "-ldate-tz -lfmt" ;;
    anonymiser) echo "-lfmt" ;;
    config) echo "-lfmt" ;;  # toml++ header-only here, so its parser is instrumented too
  esac
}

# Extra flags per harness. toml++ 3.3.0 (Debian) has a debug-only precondition assertion in
# parse_key() that "[=]" or "[[[1]]]" trips (upstream marzer/tomlplusplus PR #301); Debian's shared
# library is built with NDEBUG and reports a parse error there, so the harness turns the library's
# internal assertions off, as shipped, to keep fuzzing the project's code past it.
flags_for() {
  case "$1" in
    config) echo "-DTOML_ASSERT(expr)=static_assert(true)" ;;
  esac
}

status=0
for h in "${harnesses[@]}"; do
  bin="$out/fuzz_$h"
  srcs=()
  for s in $(sources_for "$h"); do srcs+=("$root/$s"); done
  for s in "${srcs[@]}"; do
    if [ ! -f "$s" ]; then echo "$h: $s does not exist yet, skipped" >&2; status=1; continue 2; fi
  done
  echo "== building fuzz_$h" >&2
  nice "${cxx[@]}" $(flags_for "$h") "$here/fuzz_$h.cpp" "${srcs[@]}" $(libs_for "$h") -o "$bin"
  [ -n "${FUZZ_BUILD_ONLY:-}" ] && continue
  mkdir -p "$out/corpus/$h"
  echo "== running fuzz_$h for ${seconds}s" >&2
  set +e
  (cd "$out" && nice "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 "$out/corpus/$h" "$here/$h" >"$out/$h.log" 2>&1)
  rc=$?
  set -e
  tail -n 15 "$out/$h.log" | grep -E "stat::|Done|#[0-9]+.*(DONE|cov)|ERROR|SUMMARY" | tail -n 12 >&2 || true
  if [ $rc -ne 0 ]; then
    echo "fuzz_$h: FINDING (exit $rc), see $out/$h.log and $out/crash-* / leak-* / timeout-*" >&2
    status=1
  else
    echo "fuzz_$h: no finding in ${seconds}s" >&2
  fi
done
exit $status
