#!/usr/bin/env bash
# Self-contained builds of paycue and paycue-silo (no .NET needed on the server), with TDLib beside them.
# Usage: ./publish.sh [RID]   (default linux-x64; output in artifacts/publish/RID/{paycue,paycue-silo})
set -euo pipefail
cd "$(dirname "$0")"
rid="${1:-linux-x64}"
scripts/fetch-tdlib.sh >/dev/null
out="artifacts/publish/$rid"
rm -rf "$out"
for project in Gateway:paycue Silo:paycue-silo; do
  dir="${project%%:*}"; name="${project##*:}"
  dotnet publish "src/Paycue.$dir" -c Release -r "$rid" --self-contained -o "$out/$name" -v quiet -nologo
  if [ ! -f "$out/$name/libtdjson.so" ] && [ -f .cache/tdlib/libtdjson.so ]; then
    cp .cache/tdlib/libtdjson.so "$out/$name/"
  fi
  echo "$out/$name: $(du -sh "$out/$name" | cut -f1)"
done
