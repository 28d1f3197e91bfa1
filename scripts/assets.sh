#!/usr/bin/env bash
# Browser assets from the npm registry, served from our own static files (no CDN):
# `npm ci` when package-lock.json changed since the last install, then the uploader
# bundle (Uppy core + tus) and the network map bundle (Leaflet + country outlines)
# when missing or older than their sources.
# Idempotent and fast when already done; run by scripts/run.sh and scripts/test.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUNDLE=src/biafed/intake/static/intake/vendor/uppy-tus.min.js
ENTRY=src/biafed/intake/assets/vendor-entry.mjs
MAP_BUNDLE=src/biafed/network/static/network/vendor/network-map.min.js
MAP_ENTRY=src/biafed/network/assets/map-entry.mjs
STAMP=node_modules/.biafed-installed-lock

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Debian nodejs and npm (for the uploader's browser assets)"
        { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } </dev/null \
            || die "could not install nodejs and npm."
    else
        die "npm is missing: install Node.js 18 or later with npm (Debian: apt-get install nodejs npm)."
    fi
fi

if [ ! -f "$STAMP" ] || ! cmp -s package-lock.json "$STAMP"; then
    say "npm ci (browser assets)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$STAMP"
fi

if [ ! -f "$BUNDLE" ] || [ "$BUNDLE" -ot "$STAMP" ] || [ "$BUNDLE" -ot "$ENTRY" ]; then
    say "building the uploader bundle ($BUNDLE)"
    npm run --silent build:uploader
fi

if [ ! -f "$MAP_BUNDLE" ] || [ "$MAP_BUNDLE" -ot "$STAMP" ] || [ "$MAP_BUNDLE" -ot "$MAP_ENTRY" ]; then
    say "building the network map bundle ($MAP_BUNDLE)"
    npm run --silent build:map
fi
