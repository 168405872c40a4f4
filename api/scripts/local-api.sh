# Sourced by fuzz.sh and load.sh: starts, in two processes of their own, the infrastructure
# (dev.chartbox.api.LocalInfra: KRaft broker, S3Proxy, a stand-in worker) and one api, with a fresh
# API key; stops both on exit. Sets API_URL, API_KEY, API_PID, MANAGEMENT_URL, WORK.
#   API_HEAP (default 512m): the api's -Xmx.   API_ARGS: more --property=value arguments for it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/bin/lib/java-home.sh"
chartbox_select_java
export MAVEN_ARGS="${MAVEN_ARGS:---batch-mode --no-transfer-progress}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chartbox-local-api.XXXXXX")
pids=()
stop_local_api() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap stop_local_api EXIT

echo "local-api: compiling the api and its test tools" >&2
(cd "$root" && ./mvnw -q -pl schemas,api test-compile dependency:build-classpath \
   -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt") >&2
cp="$root/api/target/test-classes:$root/api/target/classes:$root/schemas/target/classes:$(cat "$WORK/classpath.txt")"

java -Xmx768m -XX:+UseSerialGC -cp "$cp" dev.chartbox.api.LocalInfra "$WORK/infra.properties" >"$WORK/infra.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do [ -s "$WORK/infra.properties" ] && break; sleep 1; done
[ -s "$WORK/infra.properties" ] || { cat "$WORK/infra.log" >&2; echo "local-api: the infrastructure did not start" >&2; exit 1; }
prop() { sed -n "s/^$1=//p" "$WORK/infra.properties"; }

key_and_entry=$(java -cp "$cp" dev.chartbox.api.ApiKeyTool local-api)
API_KEY=$(echo "$key_and_entry" | sed -n 1p)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -Xmx"${API_HEAP:-512m}" -cp "$cp" dev.chartbox.api.ApiApplication \
  --server.port="$port" --management.server.port="$mport" \
  --spring.kafka.bootstrap-servers="$(prop bootstrap)" \
  --chartbox.s3.endpoint="$(prop s3)" --chartbox.s3.access-key="$(prop s3AccessKey)" --chartbox.s3.secret-key="$(prop s3SecretKey)" \
  --chartbox.api.auth.api-keys="$(echo "$key_and_entry" | sed -n 2p)" \
  ${API_ARGS:-} >"$WORK/api.log" 2>&1 &
API_PID=$!
pids+=("$API_PID")
API_URL="http://127.0.0.1:$port"
MANAGEMENT_URL="http://127.0.0.1:$mport"
for _ in $(seq 120); do
  curl -fsS "$MANAGEMENT_URL/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$API_PID" 2>/dev/null || { cat "$WORK/api.log" >&2; exit 1; }
  sleep 1
done
curl -fsS "$MANAGEMENT_URL/actuator/health/readiness" >/dev/null || { tail -50 "$WORK/api.log" >&2; echo "local-api: the api is not ready" >&2; exit 1; }
# springdoc builds the OpenAPI document on first use (seconds on a busy machine): build it now.
curl -fsS --max-time 120 -H "X-API-Key: $API_KEY" "$API_URL/v3/api-docs" >"$WORK/openapi.json"
echo "local-api: api at $API_URL (management $MANAGEMENT_URL), pid $API_PID" >&2
