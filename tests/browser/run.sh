#!/bin/sh
# Browser tests of the web pages: installs what is missing (Debian's chromium, the npm packages
# playwright-core and axe-core; never a downloaded browser), then runs tests/browser/run.mjs
# against the server binary (INTERVISION_BINARY, default build/intervision).
# Exit status: that of the tests. Extra arguments go to run.mjs (e.g. --mock).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y chromium >/dev/null; else sudo apt-get install -y chromium >/dev/null; fi
fi
if ! command -v node >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y nodejs npm >/dev/null; else sudo apt-get install -y nodejs npm >/dev/null; fi
fi
if [ ! -d node_modules/playwright-core ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund >/dev/null; else npm install --no-audit --no-fund >/dev/null; fi
fi

node tests/browser/i18n_check.mjs
exec node tests/browser/run.mjs "$@"
