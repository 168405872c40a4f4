#!/usr/bin/env bash
# chartbox's MCP server checked with a real third-party client: the official MCP Python SDK (PyPI
# `mcp`, pinned, in a venv under ~/.cache/chartbox/tools) against the whole standalone system
# (`bin/chartbox up`: embedded KRaft Kafka, S3Proxy, the api and a worker). mcp_check.py lists the
# tools, reads the runtime resource, draws a chart with run_python, runs a failing program and
# checks /mcp needs a credential; it prints "N passed, N failed" and exits 1 on any failure.
#
#   api/scripts/mcp-check.sh [--out DIR]     DIR (default: a temporary one) gets transcript.md and units.png
set -euo pipefail
MCP_VERSION=2.3.0
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/chartbox-mcp-check.XXXXXX")
out=$work/out
if [ "${1:-}" = "--out" ]; then out=$2; fi

venv=${CHARTBOX_TOOLS:-$HOME/.cache/chartbox/tools}/mcp-$MCP_VERSION
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import mcp' 2>/dev/null; then
  echo "mcp-check: installing the MCP Python SDK (mcp $MCP_VERSION) into $venv (pip)" >&2
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { echo "mcp-check: the mcp package needs Python 3.10 or later" >&2; exit 1; }
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "mcp==$MCP_VERSION"
fi

# A key of its own (XDG_CONFIG_HOME), so the check never touches the user's saved key; one warm-up
# chart, not the worker's five: this checks the protocol, not speed.
XDG_CONFIG_HOME="$work/config" CHARTBOX_WORKER_WARMUPRUNS=1 CHARTBOX_WORKER_IDLEWARMUPRUNS=0 "$root/bin/chartbox" up --no-demo --port 0 --data "$work/data" >"$work/up.log" 2>&1 &
up_pid=$!
stop_up() {
  kill -TERM "$up_pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
  kill -KILL "$up_pid" 2>/dev/null || true
  wait "$up_pid" 2>/dev/null || true
  rm -rf "$work/data" "$work/config"
  rmdir "$work" 2>/dev/null || true
}
trap stop_up EXIT

started=$(date +%s)
for _ in $(seq 900); do
  grep -q '^chartbox is up' "$work/up.log" && break
  kill -0 "$up_pid" 2>/dev/null || { tail -50 "$work/up.log" >&2; echo "mcp-check: bin/chartbox up ended" >&2; exit 1; }
  sleep 1
done
grep -q '^chartbox is up' "$work/up.log" || { tail -50 "$work/up.log" >&2; echo "mcp-check: the system did not come up" >&2; exit 1; }
key=$(cat "$work/config/chartbox/api-key")
# Port 0: the api binds a free port itself and prints it (a port picked here and bound later could be
# taken meanwhile, by the embedded broker's own ephemeral ports among others).
url=$(sed -n 's/^chartbox is up in [0-9.]* s: \([^ ]*\) .*/\1/p' "$work/up.log" | head -1)
echo "mcp-check: the system is up in $(( $(date +%s) - started )) s at $url" >&2

set +e
"$venv/bin/python" "$root/api/scripts/mcp_check.py" --url "$url/mcp" --key "$key" --out "$out"
status=$?
set -e
if [ $status -eq 0 ]; then
  [ "$out" = "$work/out" ] || rm -f "$work/up.log"
else
  tail -40 "$work/up.log" >&2
  echo "mcp-check: the system's log: $work/up.log" >&2
fi
echo "mcp-check: $(( $(date +%s) - started )) s in all" >&2
exit $status
