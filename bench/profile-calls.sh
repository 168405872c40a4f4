#!/usr/bin/env bash
# Regenerates guest/call-profile.tsv, the indirect-call profile the guest's build turns into guarded
# direct calls by: builds a counting guest (wasm-passes' CallCountMain) and runs the sandbox's test
# charts and the worker's warm-up corpus on it with wasmtime (the bench's venv, made by
# `bin/chartbox bench`). The bench's own programs are left out, so the bench measures code the profile
# has not seen. About two minutes. Rebuild the guest afterwards.
. "$(dirname "$0")/counting-guest.sh"
java -cp wasm-passes/target/classes dev.chartbox.wasm.CallCountMain "$guest/python.wasm" "$work/python-count.wasm"
"$python" bench/profile-calls.py "$guest" "$work/python-count.wasm" \
  guest/call-profile.tsv sandbox/src/test/resources/charts/*.py sandbox/src/main/resources/dev/chartbox/sandbox/warm-up/*.py
echo "wrote guest/call-profile.tsv" >&2
