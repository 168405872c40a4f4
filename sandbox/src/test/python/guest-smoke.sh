#!/usr/bin/env bash
# Runs chart_data.py and display_value.py inside the real sandbox (CPython 3.15 on Chicory) before
# the driver imports them: both modules and guest_probe.py are joined into one program for
# `bin/chartbox sandbox run`. Not part of CI (about 2 minutes); run it from the repository root.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
modules="$root/sandbox/src/main/resources/dev/chartbox/sandbox"
program="$(mktemp -d)/guest_check.py"
{
    cat "$modules/chart_data.py"
    echo
    sed -n '/^import ast/,$p' "$modules/display_value.py"   # its imports and functions
    echo
    cat "$(dirname "$0")/guest_probe.py"
} > "$program"
exec "$root/bin/chartbox" sandbox run "$program" --out "$(dirname "$program")/out" --deadline 300 "$@"
