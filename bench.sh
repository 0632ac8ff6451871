#!/usr/bin/env bash
# Measures Paycue on this machine: Release build, its own redis-server on a free port, the all-in-one paycue with
# sandbox cards, a local webhook receiver, and Debian's wrk as an independent load driver; loopback only, bounded
# (about ten minutes on 2 cores: the wrk scenario runs three rounds for each card count).
# Prints "name value unit [target ...]" lines and writes bench/results.json.
# BENCH_ONLY=create|confirm|export|wrk|scale runs one scenario; BENCH_CONFIRM_RUNS (default 5) sets how many
# consecutive confirm -> webhook runs must each meet the p99 target (after a cold run, printed without a target);
# BENCH_BUILD=build measures the Release build output instead of the ReadyToRun publish.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# What a server runs: a publish for the runtime, so ReadyToRun (see Paycue.Gateway.csproj) is measured too.
# BENCH_BUILD=build measures the plain Release build output instead (no ReadyToRun), for a side-by-side.
if [ "${BENCH_BUILD:-publish}" = build ]; then
  dotnet build src/Paycue.Gateway -c Release -v quiet -nologo -clp:ErrorsOnly
  paycue=src/Paycue.Gateway/bin/Release/net10.0/paycue.dll
else
  dotnet publish src/Paycue.Gateway -c Release -r linux-x64 --self-contained false -o artifacts/bench-paycue -v quiet -nologo -clp:ErrorsOnly
  paycue=artifacts/bench-paycue/paycue.dll
fi
dotnet build bench/Paycue.Bench -c Release -v quiet -nologo -clp:ErrorsOnly
timeout 1200 dotnet bench/Paycue.Bench/bin/Release/net10.0/Paycue.Bench.dll "$paycue" bench/results.json
