#!/usr/bin/env bash
# One-time setup of a machine or a fresh clone (idempotent): PostgreSQL server binaries, Chromium + ChromeDriver for
# the browser test, and the official Bot Framework Web Chat bundle served by /chat (from npm; never committed).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ "${KISSBOT_SKIP_BROWSER:-0}" != "1" ]; then
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  [ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
  # The bot's texts carry emoji (the checklist's ✅, the location button's 📍): without a colour emoji font the
  # browser test's screenshots (and the README's) show empty boxes where a citizen's phone shows the icons.
  ls /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf >/dev/null 2>&1 || need_apt+=(fonts-noto-color-emoji)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Please install: ${need_apt[*]} (sudo apt-get install ${need_apt[*]})" >&2
  fi
fi

# Re-installed when missing or when the pinned version (package-lock.json) changed since the last copy.
if [ -f bot/package.json ] && { [ ! -f bot/wwwroot/lib/webchat.js ] || [ bot/package-lock.json -nt bot/wwwroot/lib/webchat.js ]; }; then
  (cd bot && npm ci --no-audit --no-fund --loglevel=error >/dev/null && mkdir -p wwwroot/lib \
     && cp node_modules/botframework-webchat/dist/webchat.js wwwroot/lib/webchat.js)
fi
# Leaflet for the staff console's route map (/lib/leaflet/), same rule: from npm, never committed, no CDN.
if [ -f bot/package.json ] && { [ ! -f bot/wwwroot/lib/leaflet/leaflet.js ] || [ bot/package-lock.json -nt bot/wwwroot/lib/leaflet/leaflet.js ]; }; then
  (cd bot && { [ -f node_modules/leaflet/dist/leaflet.js ] && [ ! package-lock.json -nt node_modules/leaflet/dist/leaflet.js ] \
               || npm ci --no-audit --no-fund --loglevel=error >/dev/null; } \
     && mkdir -p wwwroot/lib/leaflet && cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css wwwroot/lib/leaflet/)
fi
