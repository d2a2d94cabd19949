#!/usr/bin/env bash
# The test command: installs what the browser tests need (when missing), builds, and runs every test.
# The tests start their own throwaway PostgreSQL cluster (inside the results folder); nothing else needs to be running.
# Ends with the plain line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

results="$(mktemp -d)"
chmod 755 "$results"
export KISSBOT_TEST_ARTIFACTS="$results"   # the tests' PostgreSQL cluster lives here and goes with it

# Whatever happens, no test database server or cluster outlives the command (the test host can be killed before
# its own clean-up runs).
cleanup() {
  for pid in "$results"/kissbot-tests-*/pgdata/postmaster.pid; do
    [ -f "$pid" ] || continue
    data="$(dirname "$pid")"
    pgctl="$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | tail -1)"
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$pgctl" -D "$data" -m immediate stop >/dev/null 2>&1
    else "$pgctl" -D "$data" -m immediate stop >/dev/null 2>&1; fi
  done
  rm -rf "$results"
}
trap cleanup EXIT

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
if [ $failed -ne 0 ]; then
  # Enough to tell an environment failure (disk, memory, a crashed test database) from a product one.
  echo "--- environment at the end of the run"; df -h "$results" /tmp 2>/dev/null; free -m 2>/dev/null
  for log in "$results"/kissbot-tests-*/pgdata/server.log; do
    [ -f "$log" ] && grep -E "PANIC|FATAL|No space|out of memory" "$log" | tail -20
  done
fi
echo "$passed passed, $failed failed"
exit $status
