#!/usr/bin/env bash
# The test command: installs what the browser tests need (when missing), builds, and runs every test.
# The tests start their own throwaway PostgreSQL cluster under /tmp; nothing else needs to be running.
# Ends with the plain line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

results="$(mktemp -d)"
chmod 755 "$results"
dotnet test KissBot.sln -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi   # a build or run failure counts as a failure
echo "$passed passed, $failed failed"
exit $status
