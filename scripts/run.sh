#!/usr/bin/env bash
# The run command: starts KissBot on http://127.0.0.1:3978. Without ConnectionStrings:KissBot it creates (first time)
# and starts its own PostgreSQL cluster under .kissbot/ and stops it again on Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
KISSBOT_SKIP_BROWSER=1 bash scripts/setup.sh
# Local development: the Bot Framework Emulator may talk to /api/messages without credentials (loopback only; the
# service refuses to start like this on any other address). Production never sets BotAuth:AllowAnonymous.
exec dotnet run --project bot -c Release -- --KissBot:DataDirectory="$PWD/.kissbot" --BotAuth:AllowAnonymous=true "$@"
