#!/usr/bin/env bash
# Native tests of the guest's chart_data.py and display_value.py against e2b-charts.
# Makes (once per requirements.txt) a venv under ~/.cache/chartbox and runs pytest; extra
# arguments go to pytest. CI calls it as is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${CHARTBOX_CHART_DATA_VENV:-$HOME/.cache/chartbox/chart-data-venv}"
stamp="$venv/requirements.sha256"
wanted="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"

if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    python=""
    # numpy 2.5 needs 3.12 or later (the guest is 3.15, which PyPI's wheels do not cover yet).
    candidates=(python3.14 python3.13 python3.12 python3)
    if command -v pyenv >/dev/null; then  # pyenv's shims only run the versions made global
        candidates+=($(ls -d "$(pyenv root)"/versions/3.*/bin/python3 2>/dev/null | sort -rV))
    fi
    for candidate in "${candidates[@]}"; do
        if "$candidate" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
            python="$candidate"; break
        fi
    done
    [[ -n "$python" ]] || { echo "run.sh: no python3 found" >&2; exit 1; }
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    echo "$wanted" > "$stamp"
fi

cd "$here"
PYTHONDONTWRITEBYTECODE=1 MPLBACKEND=Agg exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
