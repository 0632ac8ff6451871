#!/usr/bin/env bash
# The chaos drill (issue 15): its own redis-server (appendonly, fsync always), three paycue-silo, one paycue gateway
# hosting a silo of its own (CHAOS_GATEWAY=client: client mode) and a webhook receiver, all on loopback; a seeded workload while faults are injected one at a time; then
# the six invariants. Prints "name value unit" lines, writes chaos/results.json, exits non-zero on a violation.
#   CHAOS_SEED (random unless set), CHAOS_MINUTES (5), CHAOS_RATE (20 creates/s), CHAOS_DATED=true (late-dated
#   payments, once POST /api/sandbox/payments takes "date"), CHAOS_NO_BUILD=1 (test.sh built already).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v redis-server >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
# The official Standard Webhooks library checks every signature; kept under .cache/ (never committed).
node_dir="$root/.cache/chaos-node"
if [ ! -f "$node_dir/node_modules/standardwebhooks/package.json" ]; then
  mkdir -p "$node_dir"
  [ -f "$node_dir/package.json" ] || echo '{"private": true}' >"$node_dir/package.json"
  (cd "$node_dir" && npm install --silent --no-audit --no-fund standardwebhooks@1.3.0 >/dev/null)
fi

if [ "${CHAOS_NO_BUILD:-}" != "1" ]; then
  dotnet build Paycue.slnx -v quiet -nologo -clp:ErrorsOnly
fi

out="$root/chaos"
mkdir -p "$out"
# Whatever happens (a crash, Ctrl-C, the timeout), every process the drill started is ended, by its pid only.
cleanup() {
  if [ -f "$out/pids" ]; then
    while read -r pid; do
      [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    done <"$out/pids"
  fi
}
trap cleanup EXIT

minutes=${CHAOS_MINUTES:-5}
# Bounded: the load, plus start-up, settling and checking (at most about 7 minutes).
limit=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 + 420 }')
status=0
CHAOS_MINUTES="$minutes" \
CHAOS_SILO_DLL="$root/src/Paycue.Silo/bin/Debug/net10.0/paycue-silo.dll" \
CHAOS_GATEWAY_DLL="$root/src/Paycue.Gateway/bin/Debug/net10.0/paycue.dll" \
CHAOS_NODE_MODULES="$node_dir/node_modules" \
CHAOS_OUT="$out" \
  timeout --kill-after=10 "$limit" dotnet tools/Paycue.Chaos/bin/Debug/net10.0/Paycue.Chaos.dll || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "chaos.sh: the drill did not finish within $limit s; see $out/logs and $out/journal.jsonl." >&2
fi
exit "$status"
