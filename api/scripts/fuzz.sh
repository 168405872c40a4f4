#!/usr/bin/env bash
# Fuzzes the api with schemathesis (PyPI, pinned) against the OpenAPI document it serves:
# authenticated, every operation, all checks, all phases including stateful (the document's links
# from a submission to its job). Starts its own api (api/scripts/local-api.sh), reports requests
# sent, 5xx answers and schema violations, and fails unless both are 0.
#
#   api/scripts/fuzz.sh            small budget, for CI (.ci/run):  --max-examples 8, at most 90 s of testing
#   api/scripts/fuzz.sh --full     the full run:                   --max-examples 100, no time cap
#   extra arguments go to `st run` (e.g. --seed 1, --include-operation-id getJob)
set -euo pipefail
SCHEMATHESIS_VERSION=4.32.5
budget=(--max-examples 8 --max-time 90)
if [ "${1:-}" = "--full" ]; then budget=(--max-examples 100); shift; fi

venv=${CHARTBOX_TOOLS:-$HOME/.cache/chartbox/tools}/schemathesis-$SCHEMATHESIS_VERSION
if [ ! -x "$venv/bin/st" ]; then
  echo "fuzz: installing schemathesis $SCHEMATHESIS_VERSION into $venv (pip)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

# Generous quotas (the fuzzer is one tenant sending thousands of requests), short waits.
export API_ARGS="--chartbox.api.quotas.jobs-in-flight=100000 --chartbox.api.quotas.submissions-per-minute=1000000
  --chartbox.api.quotas.open-waits=1000 --chartbox.api.max-wait=2s --chartbox.api.sse-timeout=5s"
. "$(dirname "$0")/local-api.sh"

report="$WORK/report"
# 413 is how the api refuses a body over its sizes (code bytes, number of files): a rejection too.
# POST /v1/jobs has one rule JSON Schema cannot state: file names are unique within a job. A body the
# schema allows may therefore get a 400 whose problem names files[i].name; the api's own tests pin
# that rule (ApiTest), and every other operation must still accept every schema-valid request.
cat >"$WORK/schemathesis.toml" <<'TOML'
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]

[[operations]]
include-path = "/v1/jobs"
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]
TOML
started=$(date +%s)
set +e
# From the work directory, so schemathesis' cache (.schemathesis/) never lands in the repository.
cd "$WORK"
"$venv/bin/st" --config-file "$WORK/schemathesis.toml" run "$API_URL/v3/api-docs" -H "X-API-Key: $API_KEY" \
  --checks all --phases examples,coverage,fuzzing,stateful "${budget[@]}" \
  --workers 2 --request-timeout 30 --suppress-health-check too_slow,filter_too_much \
  --report junit,har --report-dir "$report" --output-truncate true "$@"
st_status=$?
set -e
elapsed=$(( $(date +%s) - started ))

python3 - "$report" "$elapsed" "$st_status" <<'PY'
import json, pathlib, sys, xml.etree.ElementTree as ET
report, elapsed, st_status = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
entries = []
for har in report.glob("har-*.json"):
    entries += json.loads(har.read_text())["log"]["entries"]
statuses = [e["response"]["status"] for e in entries]
server_errors = sum(1 for s in statuses if s >= 500)
failures = {}
for junit in report.glob("*.xml"):
    for case in ET.parse(junit).getroot().iter("testcase"):
        for failure in list(case.iter("failure")) + list(case.iter("error")):
            text = (failure.get("message") or "") + " " + (failure.text or "")
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("- ") or line.startswith("1. ") or line[:3].rstrip(".").isdigit():
                    failures[line] = failures.get(line, 0) + 1
schema_violations = sum(n for k, n in failures.items() if "schema" in k.lower() and "response" in k.lower() or "Response violates schema" in k)
by_status = {}
for s in statuses:
    by_status[s] = by_status.get(s, 0) + 1
print(f"\nfuzz: {len(entries)} requests sent in {elapsed} s; answers by status: {dict(sorted(by_status.items()))}")
print(f"fuzz: 5xx answers: {server_errors}; response schema violations: {schema_violations}; schemathesis exit status: {st_status}")
for k, n in sorted(failures.items(), key=lambda kv: -kv[1])[:20]:
    print(f"  {n:4d}  {k}")
sys.exit(0 if server_errors == 0 and schema_violations == 0 and st_status == 0 else 1)
PY
