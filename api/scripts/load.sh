#!/usr/bin/env bash
# A load figure for one api replica (own JVM, -Xmx512m): submissions per second, then the latency of
# GET /v1/jobs/{id} with that many jobs in its view, and its heap after a full GC at that point.
# A stand-in worker answers every job at once with a small SUCCEEDED result (api/scripts/local-api.sh).
#
#   api/scripts/load.sh [JOBS=10000] [CONCURRENCY=16] [GET_SECONDS=30]
set -euo pipefail
jobs=${1:-10000}
concurrency=${2:-16}
seconds=${3:-30}
export API_ARGS="--chartbox.api.quotas.jobs-in-flight=1000000 --chartbox.api.quotas.submissions-per-minute=100000000
  --logging.level.root=WARN"
. "$(dirname "$0")/local-api.sh"

heap() { # live heap of the api after a full GC
  jcmd "$API_PID" GC.run >/dev/null
  jcmd "$API_PID" GC.heap_info | awk '/used/ {print; exit}'
}
echo "load: api heap before: $(heap)"
java -cp "$cp" dev.chartbox.api.LoadProbe "$API_URL" "$API_KEY" "$jobs" "$concurrency" "$seconds"
echo "load: jobs in the api's view: $(curl -s "$MANAGEMENT_URL/actuator/prometheus" | awk '/^chartbox_api_jobs_known\{/ {print $2}'), estimated $(curl -s "$MANAGEMENT_URL/actuator/prometheus" | awk '/^chartbox_api_jobs_known_bytes\{/ {printf "%.1f MiB", $2/1048576}')"
echo "load: api heap after: $(heap)"
