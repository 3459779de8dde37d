# Shared helpers of the bench/ scripts (sourced, not run). Public tools only: Debian's wrk, nginx,
# sqlite3, slowhttptest, sqlmap, curl.
#   BENCH_BUILD  build folder (default: <repo>/build); built in Release if the binary is missing
#                or older than the sources (cmake decides)
#   BENCH_KEEP=1 keep the temporary folder (server logs, nginx logs, databases)
set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_BUILD="${BENCH_BUILD:-$BENCH_ROOT/build}"
BENCH_BIN="$BENCH_BUILD/intervision"
BENCH_TMP="$(mktemp -d /var/tmp/intervision-bench.XXXXXX)"
chmod 755 "$BENCH_TMP"  # nginx workers (www-data) read the copied site
BENCH_PIDS=()

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$BENCH_TMP"; else echo "kept $BENCH_TMP" >&2; fi
}
trap bench_cleanup EXIT

# need_tools TOOL=PACKAGE ...: installs the Debian packages of the missing tools.
need_tools() {
  local missing=() pair tool pkg
  for pair in "$@"; do
    tool="${pair%%=*}"; pkg="${pair#*=}"
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then missing+=("$pkg"); fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_release() {
  need_tools cmake=cmake ninja=ninja-build
  if [ ! -f "$BENCH_BUILD/build.ninja" ]; then
    cmake -S "$BENCH_ROOT" -B "$BENCH_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  grep -q "CMAKE_BUILD_TYPE:STRING=Release" "$BENCH_BUILD/CMakeCache.txt" || { echo "$BENCH_BUILD is not a Release build" >&2; exit 2; }
  cmake --build "$BENCH_BUILD" --target intervision -- -j1 >/dev/null
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_http() {  # wait_http URL [seconds]
  local url="$1" n="${2:-30}" i
  for ((i = 0; i < n * 10; i++)); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "no answer from $url" >&2
  return 1
}

# start_server PORT DATA_DIR [ENV=VALUE ...]: serves from the repository (config/, web/) in the
# background; sets SERVER_PID. The first start creates the database and the first admin.
start_server() {
  local port="$1" data="$2"; shift 2
  mkdir -p "$data"
  (cd "$BENCH_ROOT" && exec env INTERVISION_MAIL_TRANSPORT=directory "$@" "$BENCH_BIN" serve --port "$port" --data "$data") \
    >>"$data/server.log" 2>&1 &
  SERVER_PID=$!
  BENCH_PIDS+=("$SERVER_PID")
  wait_http "http://127.0.0.1:$port/healthz"
}

stop_server() {  # SIGTERM: graceful drain
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

# start_nginx PORT ROOT_DIR: nginx in the foreground of a background job, with a temporary prefix,
# 2 workers (the machine's cores), keep-alive, the same security headers the server sends.
start_nginx() {
  local port="$1" root="$2" prefix="$BENCH_TMP/nginx"
  need_tools nginx=nginx-light
  mkdir -p "$prefix/logs" "$prefix/tmp"
  cat >"$prefix/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $prefix/logs/access.log;
  client_body_temp_path $prefix/tmp; proxy_temp_path $prefix/tmp; fastcgi_temp_path $prefix/tmp;
  uwsgi_temp_path $prefix/tmp; scgi_temp_path $prefix/tmp;
  sendfile on; tcp_nodelay on;
  keepalive_timeout 65; keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    root $root;
    index index.html;
    add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'" always;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy no-referrer always;
    add_header X-Frame-Options DENY always;
  }
}
CONF
  /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf" &
  NGINX_PID=$!
  BENCH_PIDS+=("$NGINX_PID")
  wait_http "http://127.0.0.1:$port/"
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# wrk_rps OUTPUT_FILE: requests per second from wrk's output.
wrk_rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
# wrk_p99_ms OUTPUT_FILE: the 99th percentile of wrk --latency, in milliseconds.
wrk_p99_ms() {
  awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }' "$1"
}
wrk_errors() {  # socket errors + non-2xx/3xx
  awk '/Socket errors/ { gsub(/,/, ""); s += $4 + $6 + $8 + $10 } /Non-2xx or 3xx/ { s += $NF } END { print s + 0 }' "$1"
}
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{a / b:.2f}' if b else 'n/a')" "$1" "$2"; }

# The first session of a series whose registration is open.
open_session() {  # open_session PORT SERIES
  curl -fsS "http://127.0.0.1:$1/api/v1/sessions?series=$2" |
    python3 -c 'import json, sys; print(next(s["id"] for s in json.load(sys.stdin) if s["registration_open"]))'
}
