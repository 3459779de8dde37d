#!/usr/bin/env bash
# Lighthouse (npm, mobile preset, simulated slow 4G) against Debian's chromium on /, a session's
# page and /manage, served by build/intervision from a fresh data folder.
# usage: bench/lighthouse.sh [PORT]   (needs `npm install lighthouse` somewhere on NODE_PATH or
# LIGHTHOUSE=/path/to/node_modules/.bin/lighthouse)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-21510}
lh=${LIGHTHOUSE:-lighthouse}
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
INTERVISION_MAIL_TRANSPORT=directory INTERVISION_MAIL_DIRECTORY="$tmp/outbox" INTERVISION_SERVER_WEB_ROOT="$root/web" \
  INTERVISION_SERVER_PUBLIC_URL="http://127.0.0.1:$port" \
  "$root/build/intervision" serve --port "$port" --data "$tmp/data" >"$tmp/out.log" 2>"$tmp/err.log" &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
id=$(curl -fs "http://127.0.0.1:$port/api/v1/sessions?series=cross-sector" | python3 -c 'import json,sys; print([s["id"] for s in json.load(sys.stdin) if s["registration_open"]][0])')
echo "$(date -u +%Y-%m-%dT%H:%MZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for path in / "/sessions/$id" /manage; do
  CHROME_PATH=/usr/bin/chromium "$lh" "http://127.0.0.1:$port$path" --quiet --output=json --output-path="$tmp/report.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" --only-categories=performance,accessibility,best-practices,seo >/dev/null 2>&1 || true
  # LH_KEEP=DIR keeps each whole report there (index.json, sessions_ID.json, manage.json).
  if [ -n "${LH_KEEP:-}" ]; then mkdir -p "$LH_KEEP"; name=${path#/}; name=${name//\//_}; cp "$tmp/report.json" "$LH_KEEP/${name:-index}.json"; fi
  python3 - "$tmp/report.json" "$path" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]; a = r["audits"]
score = lambda k: round(c[k]["score"] * 100)
print(f'{sys.argv[2]:<14} performance {score("performance"):>3}  accessibility {score("accessibility"):>3}  '
      f'best-practices {score("best-practices"):>3}  seo {score("seo"):>3}  '
      f'FCP {a["first-contentful-paint"]["displayValue"]}  LCP {a["largest-contentful-paint"]["displayValue"]}  '
      f'CLS {a["cumulative-layout-shift"]["displayValue"]}  transfer {round(a["total-byte-weight"]["numericValue"]/1024)} KiB')
for k in ("performance", "accessibility", "best-practices", "seo"):
    for ref in c[k]["auditRefs"]:
        au = a[ref["id"]]
        if ref["weight"] > 0 and au.get("score") is not None and au["score"] < 0.9 and k != "performance":
            print(f'    {k}: {ref["id"]} {au["score"]}')
# What Lighthouse names for performance: metrics and opportunities that are not green.
for k, au in a.items():
    if au.get("scoreDisplayMode") in ("numeric", "metricSavings", "binary") and au.get("score") is not None and au["score"] < 0.9:
        if k in ("first-contentful-paint", "largest-contentful-paint", "speed-index", "total-blocking-time", "cumulative-layout-shift",
                 "interactive", "render-blocking-resources", "uses-text-compression", "uses-long-cache-ttl", "unused-javascript",
                 "unused-css-rules", "layout-shifts", "unsized-images", "critical-request-chains", "network-dependency-tree-insight",
                 "render-blocking-insight", "document-latency-insight", "cls-culprits-insight", "lcp-discovery-insight"):
            print(f'    performance: {k} {au["score"]} {au.get("displayValue", "")}')
PY
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
