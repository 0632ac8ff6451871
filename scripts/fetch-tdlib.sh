#!/usr/bin/env bash
# Fetches TDLib's JSON client library (libtdjson) for this machine into .cache/tdlib/ and prints its path.
#
# Why a script: the binary is ~60 MB and platform specific, so it is never committed. It comes from the npm
# package @prebuilt-tdlib/<platform> pinned at one version (TDLib 1.8.67), fetched with `npm pack` (no install,
# no lifecycle scripts run) and checked against a SHA-256 pinned below before anything is extracted.
#
# Quick and idempotent: when the library for the pinned tarball is already extracted, it only prints the path.
# TDLIB_PATH set: nothing is fetched; the script checks that file exists and prints it.
# TDLIB_ALLOW_UNPINNED=1: accept a platform whose SHA-256 is not pinned yet (it prints the computed value to pin).
set -euo pipefail

VERSION="0.1008067.0" # TDLib 1.8.67 (commit d1085f9c), glibc >= 2.17 for the Linux builds

if [[ -n "${TDLIB_PATH:-}" ]]; then
  if [[ -f "$TDLIB_PATH" ]]; then
    echo "$TDLIB_PATH"
    exit 0
  fi
  echo "fetch-tdlib: TDLIB_PATH is set to '$TDLIB_PATH' but no such file exists." >&2
  exit 1
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache/tdlib"

os="$(uname -s)"
arch="$(uname -m)"
libc="glibc"
if [[ "$os" == "Linux" ]] && ldd --version 2>&1 | grep -qi musl; then
  libc="musl"
fi

# Pinned SHA-256 of each npm tarball. An empty value means "verify on first use": the registry this project
# builds from did not serve that package when the pin was made, so nobody has checked its bytes yet.
case "$os-$arch-$libc" in
  Linux-x86_64-glibc)
    package="linux-x64-glibc"; library="libtdjson.so"
    sha256="564c69f81a7537f2857e94a53cdde363d9e51a2fca48d26b365b8d9bb9ad637d" ;;
  Linux-aarch64-glibc | Linux-arm64-glibc)
    package="linux-arm64-glibc"; library="libtdjson.so"; sha256="" ;;
  Linux-x86_64-musl)
    package="linux-x64-musl"; library="libtdjson.so"; sha256="" ;;
  Linux-aarch64-musl | Linux-arm64-musl)
    package="linux-arm64-musl"; library="libtdjson.so"; sha256="" ;;
  Darwin-arm64-*)
    package="darwin-arm64"; library="libtdjson.dylib"; sha256="" ;;
  Darwin-x86_64-*)
    package="darwin-x64"; library="libtdjson.dylib"; sha256="" ;;
  *)
    echo "fetch-tdlib: no prebuilt TDLib for $os/$arch ($libc); build TDLib 1.8.67 yourself and set TDLIB_PATH." >&2
    exit 1 ;;
esac

spec="@prebuilt-tdlib/$package@$VERSION"
target="$cache/$library"
stamp="$cache/$library.source"
expected_stamp="$spec sha256:${sha256:-unpinned}"

if [[ -f "$target" && -f "$stamp" && "$(cat "$stamp")" == "$expected_stamp" ]]; then
  echo "$target"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-tdlib: npm is needed to fetch $spec (or set TDLIB_PATH to an existing $library)." >&2
  exit 1
fi

mkdir -p "$cache"
work="$(mktemp -d "$cache/fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "fetch-tdlib: fetching $spec" >&2
tarball_name="$(cd "$work" && npm pack "$spec" --silent --pack-destination "$work" | tail -n 1)"
tarball="$work/$tarball_name"
if [[ ! -f "$tarball" ]]; then
  echo "fetch-tdlib: npm pack did not produce a tarball for $spec." >&2
  exit 1
fi

if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$tarball" | cut -d' ' -f1)"
else
  actual="$(shasum -a 256 "$tarball" | cut -d' ' -f1)"
fi

if [[ -z "$sha256" ]]; then
  echo "fetch-tdlib: the SHA-256 of $spec is not pinned yet (verify on first use)." >&2
  echo "fetch-tdlib: the fetched tarball has SHA-256 $actual." >&2
  if [[ "${TDLIB_ALLOW_UNPINNED:-}" != "1" ]]; then
    echo "fetch-tdlib: compare it with 'npm view $spec dist.integrity' from a trusted machine, pin it in" >&2
    echo "fetch-tdlib: scripts/fetch-tdlib.sh, or rerun with TDLIB_ALLOW_UNPINNED=1 to accept it this once." >&2
    exit 1
  fi
elif [[ "$actual" != "$sha256" ]]; then
  echo "fetch-tdlib: SHA-256 mismatch for $spec: expected $sha256, got $actual. Refusing to use it." >&2
  exit 1
fi

tar -xzf "$tarball" -C "$work" "package/$library"
# Rename into place so a concurrent reader never sees a half-written library.
mv -f "$work/package/$library" "$target"
echo "$expected_stamp" > "$stamp"
echo "$target"
