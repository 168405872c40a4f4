#!/usr/bin/env bash
# The Python client's tests against the real system: starts `bin/chartbox up` (Kafka, S3, a worker
# and the api in one JVM) on a free port with a throwaway data directory, waits until it is up,
# runs pytest, and stops it. The client is pip-installed from this folder into a venv of its own
# (~/.cache/chartbox/client-venv, made once).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${CHARTBOX_CLIENT_VENV:-$HOME/.cache/chartbox/client-venv}

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
fi
"$venv/bin/pip" install --quiet "$here[test]"

data=$(mktemp -d)
# One warm-up chart, not the worker's five: these tests check the client, not speed.
CHARTBOX_WORKER_WARMUPRUNS=1 CHARTBOX_WORKER_IDLEWARMUPRUNS=0 "$root/bin/chartbox" up --port 0 --data "$data/data" --no-demo >"$data/up.log" 2>&1 &
up=$!
stop() {
  kill "$up" 2>/dev/null || true
  wait "$up" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT

for _ in $(seq 1 600); do
  grep -q "chartbox is up" "$data/up.log" && break
  if ! kill -0 "$up" 2>/dev/null; then
    echo "chartbox up failed:" >&2
    cat "$data/up.log" >&2
    exit 1
  fi
  sleep 1
done
grep -q "chartbox is up" "$data/up.log" || { echo "chartbox up did not start in 600 s" >&2; cat "$data/up.log" >&2; exit 1; }

# Port 0: the api binds a free port itself and prints it (a port picked here and bound later could be
# taken meanwhile, by the embedded broker's own ephemeral ports among others).
url=$(sed -n 's/^chartbox is up in [0-9.]* s: \([^ ]*\) .*/\1/p' "$data/up.log" | head -1)
key_file=${XDG_CONFIG_HOME:-$HOME/.config}/chartbox/api-key
CHARTBOX_URL="$url" CHARTBOX_API_KEY=$(cat "$key_file") \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider "$here/tests" "$@"
