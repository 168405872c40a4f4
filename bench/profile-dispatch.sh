#!/usr/bin/env bash
# Regenerates guest/dispatch-profile.tsv, the opcode profile the guest's split keeps hot cases by:
# builds a counting guest (wasm-passes' DispatchCountMain) and runs the bench's pure-Python programs,
# the sandbox's test charts and the worker's warm-up corpus on it with wasmtime (the bench's venv,
# made by `bin/chartbox bench`). About six minutes. Rebuild the guest afterwards.
. "$(dirname "$0")/counting-guest.sh"
java -cp wasm-passes/target/classes dev.chartbox.wasm.DispatchCountMain "$guest/python.wasm" "$work/python-count.wasm" \
  _PyEval_EvalFrameDefault
"$python" bench/profile-dispatch.py "$guest" "$work/python-count.wasm" \
  guest/dispatch-profile.tsv bench/programs/python/*.py sandbox/src/test/resources/charts/*.py \
  sandbox/src/main/resources/dev/chartbox/sandbox/warm-up/*.py
echo "wrote guest/dispatch-profile.tsv" >&2
