#!/usr/bin/env bash
# The playground's tests (after playground/build.sh): the JS API under node against the
# standard WebAssembly API, and the page in Debian's Chromium, headless (installed here
# from Debian's packages if it is missing; playwright-core drives it, downloading no
# browser).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
npm ci --no-audit --no-fund --silent
node --test
