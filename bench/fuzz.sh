#!/usr/bin/env bash
# The fuzz campaign: COUNT malformed requests per service (default 10,000), generated from SEED
# (default 20261204) by test-support's MalformedRequests, against the suite as deploy/run-local.sh
# runs it on loopback (fresh state in a temporary folder). Reports status counts, 5xx, hangs
# (> 5 s), error answers not in Google's error JSON and stack traces, per service; then checks that
# nothing changed: the gateway's client keys and upstreams, the token-service's credentials, and
# no event of the campaign stored, the audit chain still verified. Exits 1 on any finding.
# The same generator runs a seeded 400-request subset per service in ./mvnw verify.
# Usage: bench/fuzz.sh [count, default 10000] [seed, default 20261204]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-10000}"
SEED="${2:-20261204}"

# shellcheck source=bench/lib.sh
source bench/lib.sh
random_key() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
export SUITE_PRODUCER_KEY="producer-$(random_key)" SUITE_READER_KEY="reader-$(random_key)"
export SUITE_CLIENT_KEY="client-$(random_key)" SUITE_GATEWAY_CLIENT_KEY="gwk_$(random_key)"
export SUITE_GATEWAY_ADMIN_KEY="admin-$(random_key)"
# The demo client's own limits would answer most of the campaign 429 before the code under test.
export SUITE_GATEWAY_OPTS="-Dgateway.clients.demo-app.requests-per-minute=100000000 -Dgateway.clients.demo-app.max-concurrent=1000"
FUZZ_CLIENT_KEY="$SUITE_GATEWAY_CLIENT_KEY" FUZZ_GATEWAY_ADMIN="$SUITE_GATEWAY_ADMIN_KEY"
FUZZ_CALLER="$SUITE_CLIENT_KEY" FUZZ_PRODUCER="$SUITE_PRODUCER_KEY" FUZZ_READER="$SUITE_READER_KEY"

GEMINI_SUITE_DATA="$WORK/state" deploy/run-local.sh >"$WORK/suite.log" 2>&1 &
SUITE=$!
stop_suite() { kill -TERM "$SUITE" 2>/dev/null && wait "$SUITE" 2>/dev/null || true; }
trap 'stop_suite; cleanup' EXIT
for _ in $(seq 1 240); do
  grep -q "suite is running" "$WORK/suite.log" 2>/dev/null && break
  kill -0 "$SUITE" 2>/dev/null || { cat "$WORK/suite.log" >&2; exit 1; }
  sleep 1
done
grep -q "suite is running" "$WORK/suite.log" || { echo "the suite did not start; see its log" >&2; exit 1; }
ACCOUNT=gemini-demo@emulator-project.iam.gserviceaccount.com

# The launcher's build (-am) compiled test-support too: the generator runs from its classes.
CP="test-support/target/classes"
[ -d "$CP/io/geminiauth/testsupport/fuzz" ] \
  || ./mvnw -q -B -ntp -DskipTests package -pl test-support -am

snapshot() {
  curl -fsS http://127.0.0.1:8080/admin/v1/client-keys -H "x-gateway-admin-key: $FUZZ_GATEWAY_ADMIN"
  curl -fsS http://127.0.0.1:8080/admin/v1/upstreams -H "x-gateway-admin-key: $FUZZ_GATEWAY_ADMIN" \
    | sed 's/"breaker":"[A-Z_]*"//g'
  # A mint the campaign's valid requests cause is no state change: lastRefresh is left out.
  curl -fsS http://127.0.0.1:8081/v1/admin/credentials -H "x-token-service-key: $FUZZ_CALLER" \
    | sed 's/"lastRefresh":"[^"]*"//g; s/"lastRefresh":null//g'
  curl -fsS 'http://127.0.0.1:8082/v1/events?source=fuzz&limit=5' -H "x-audit-key: $FUZZ_READER"
}
BEFORE="$(snapshot)"
FOUND=0
FUZZ_CLIENT_KEY="$FUZZ_CLIENT_KEY" FUZZ_ADMIN_KEY="$FUZZ_GATEWAY_ADMIN" \
  java -cp "$CP" io.geminiauth.testsupport.fuzz.FuzzMain gemini-gateway 8080 "$SEED" "$COUNT" \
  || FOUND=1
FUZZ_CALLER_KEY="$FUZZ_CALLER" FUZZ_ADMIN_KEY="$FUZZ_CALLER" FUZZ_ACCOUNT="$ACCOUNT" \
  java -cp "$CP" io.geminiauth.testsupport.fuzz.FuzzMain token-service 8081 "$SEED" "$COUNT" \
  || FOUND=1
FUZZ_PRODUCER_KEY="$FUZZ_PRODUCER" FUZZ_READER_KEY="$FUZZ_READER" \
  java -cp "$CP" io.geminiauth.testsupport.fuzz.FuzzMain audit-service 8082 "$SEED" "$COUNT" \
  || FOUND=1
AFTER="$(snapshot)"
if [ "$BEFORE" != "$AFTER" ]; then
  echo "STATE CHANGED: client keys, upstreams, credentials or fuzz events differ:" >&2
  diff <(printf '%s\n' "$BEFORE" | sed 's/},{/},\n{/g') <(printf '%s\n' "$AFTER" | sed 's/},{/},\n{/g') >&2 || true
  FOUND=1
else
  echo "state: unchanged (client keys, upstream keys, credentials, no fuzz event stored)"
fi
curl -fsS http://127.0.0.1:8082/v1/integrity -H "x-audit-key: $FUZZ_READER" \
  | grep -q '"verified":true' && echo "audit chain: verified" || { echo "audit chain: BROKEN" >&2; FOUND=1; }
exit "$FOUND"
