#!/usr/bin/env bash
# Measures Paycue on this machine: Release build, its own redis-server on a free port, the all-in-one paycue with
# sandbox cards, a local webhook receiver; loopback only, bounded (a few minutes on 2 cores).
# Prints "name value unit" lines and writes bench/results.json.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v redis-server >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

dotnet build src/Paycue.Gateway -c Release -v quiet -nologo -clp:ErrorsOnly
dotnet build bench/Paycue.Bench -c Release -v quiet -nologo -clp:ErrorsOnly
timeout 600 dotnet bench/Paycue.Bench/bin/Release/net10.0/Paycue.Bench.dll \
  src/Paycue.Gateway/bin/Release/net10.0/paycue.dll bench/results.json
