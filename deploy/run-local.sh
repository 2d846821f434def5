#!/usr/bin/env bash
# First run: builds what exists of the suite and starts it on this machine with embedded
# defaults (H2, the emulator standing in for Google), then prints where it listens and first
# requests to try. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

EMULATOR_PORT="${EMULATOR_PORT:-8090}"
AUDIT_PORT="${AUDIT_PORT:-8082}"
TOKEN_PORT="${TOKEN_PORT:-8081}"
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
METADATA_PORT="${METADATA_PORT:-8181}"
RUN_DIR="${TMPDIR:-/tmp}/gemini-access-suite"
DATA_DIR="${GEMINI_SUITE_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/gemini-access-suite}"
mkdir -p "$RUN_DIR" "$DATA_DIR"

echo "Building (the first time takes a few minutes)..."
./mvnw -q -B -ntp -DskipTests package -pl common,google-emulator,audit-service,token-service,gemini-gateway

random_secret() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# Fresh demo credentials each run, handed to the services through the environment (never logged).
DEMO_API_KEY="AQ.demo-$(random_secret)"
PRODUCER_KEY="producer-$(random_secret)"
READER_KEY="reader-$(random_secret)"
CLIENT_KEY="client-$(random_secret)"
GATEWAY_CLIENT_KEY="gwk_$(random_secret)"

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT INT TERM

start() { # name port jar [VAR=value ...]
  local name=$1 port=$2 jar=$3
  shift 3
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  env "$@" QUARKUS_HTTP_PORT="$port" java ${JAVA_OPTS:-} -jar "$jar" >"$RUN_DIR/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 90); do
    if curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then
      return
    fi
    if ! kill -0 "${PIDS[-1]}" 2>/dev/null; then
      echo "$name failed to start; see $RUN_DIR/$name.log" >&2
      exit 1
    fi
    sleep 1
  done
  echo "$name did not become ready; see $RUN_DIR/$name.log" >&2
  exit 1
}

start google-emulator "$EMULATOR_PORT" google-emulator/target/quarkus-app/quarkus-run.jar \
  EMULATOR_GEMINI_AUTH_KEYS="$DEMO_API_KEY"
start audit-service "$AUDIT_PORT" audit-service/target/quarkus-app/quarkus-run.jar \
  AUDIT_H2_PATH="$DATA_DIR/audit" \
  AUDIT_AUTH_PRODUCER_KEY_HASHES="$(sha256 "$PRODUCER_KEY")" \
  AUDIT_AUTH_READER_KEY_HASHES="$(sha256 "$READER_KEY")"

# A demo service account at the emulator; its key file stays in the run directory, owner-only.
DEMO_ACCOUNT="gemini-demo@emulator-project.iam.gserviceaccount.com"
( umask 077
  curl -fsS "http://127.0.0.1:$EMULATOR_PORT/emulator/service-accounts" -H 'Content-Type: application/json' \
    -d '{"accountId":"gemini-demo"}' >"$RUN_DIR/gemini-demo.json"
  cat >"$RUN_DIR/token-policy.json" <<JSON
{"callers": {"demo-client": {"accounts": ["$DEMO_ACCOUNT"], "scopes": ["*"]}}, "admins": ["demo-client"]}
JSON
)
JAVA_OPTS="-Dtoken.callers.key-hashes.demo-client=$(sha256 "$CLIENT_KEY")" \
start token-service "$TOKEN_PORT" token-service/target/quarkus-app/quarkus-run.jar \
  TOKEN_CREDENTIALS_KEY_FILE="$RUN_DIR/gemini-demo.json" \
  TOKEN_CALLERS_POLICY_FILE="$RUN_DIR/token-policy.json" \
  TOKEN_UPSTREAM_IAM_CREDENTIALS="http://127.0.0.1:$EMULATOR_PORT" \
  TOKEN_UPSTREAM_STS="http://127.0.0.1:$EMULATOR_PORT/v1/token" \
  TOKEN_METADATA_PORT="$METADATA_PORT" TOKEN_METADATA_DEFAULT_ACCOUNT="$DEMO_ACCOUNT" \
  TOKEN_AUDIT_URL="http://127.0.0.1:$AUDIT_PORT/v1/events" TOKEN_AUDIT_KEY="$PRODUCER_KEY" \
  TOKEN_AUDIT_OUTBOX_DIRECTORY="$DATA_DIR/token-outbox"

# With GOOGLE_API_KEY or GEMINI_API_KEY in the environment the gateway talks to Google itself
# (its default upstream); otherwise to the emulator, with the demo key.
GATEWAY_ADMIN_KEY="admin-$(random_secret)"
GATEWAY_OPTS="-Dgateway.clients.demo-app.key-hash=$(sha256 "$GATEWAY_CLIENT_KEY")"
GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.admin.key-hashes.demo-admin=$(sha256 "$GATEWAY_ADMIN_KEY")"
if [ -n "${GOOGLE_API_KEY:-}${GEMINI_API_KEY:-}" ]; then
  GATEWAY_UPSTREAM="Google's Gemini API, with GOOGLE_API_KEY / GEMINI_API_KEY"
else
  GATEWAY_UPSTREAM="the emulator"
  GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.upstreams.emulator.base-url=http://127.0.0.1:$EMULATOR_PORT"
  GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.upstreams.emulator.api-keys=$DEMO_API_KEY"
fi
JAVA_OPTS="$GATEWAY_OPTS" \
start gemini-gateway "$GATEWAY_PORT" gemini-gateway/target/quarkus-app/quarkus-run.jar \
  GATEWAY_H2_PATH="$DATA_DIR/gateway" GATEWAY_AUDIT_OUTBOX_DIRECTORY="$DATA_DIR/gateway-outbox" \
  GATEWAY_AUDIT_URL="http://127.0.0.1:$AUDIT_PORT/v1/events" GATEWAY_AUDIT_KEY="$PRODUCER_KEY"

cat <<MSG

Gemini access suite is running (embedded defaults; the emulator stands in for Google):
  google-emulator  http://127.0.0.1:$EMULATOR_PORT
  audit-service    http://127.0.0.1:$AUDIT_PORT   (H2 store in $DATA_DIR)
  gemini-gateway   http://127.0.0.1:$GATEWAY_PORT   (relays the Gemini API to $GATEWAY_UPSTREAM)
  token-service    http://127.0.0.1:$TOKEN_PORT   (metadata server: GCE_METADATA_HOST=127.0.0.1:$METADATA_PORT)
  every service:   /q/health, /q/metrics, /q/openapi      logs: $RUN_DIR

Call Gemini through the gateway, as an SDK would (a demo client key, valid for this run):
  curl -s http://127.0.0.1:$GATEWAY_PORT/v1beta/models/gemini-2.5-flash:generateContent \\
    -H 'x-goog-api-key: $GATEWAY_CLIENT_KEY' -H 'Content-Type: application/json' \\
    -d '{"contents":[{"parts":[{"text":"Say hello"}]}]}'

Issue a client key of your own through the gateway's admin API (shown once):
  curl -s 'http://127.0.0.1:$GATEWAY_PORT/admin/v1/client-keys?alt=text' -H 'x-gateway-admin-key: $GATEWAY_ADMIN_KEY' \\
    -H 'Content-Type: application/json' -d '{"client":"demo-app","ttlSeconds":86400}'

Or the emulator's Gemini API directly (the gateway's upstream key):
  curl -s http://127.0.0.1:$EMULATOR_PORT/v1beta/models/gemini-2.5-flash:generateContent \\
    -H 'x-goog-api-key: $DEMO_API_KEY' -H 'Content-Type: application/json' \\
    -d '{"contents":[{"parts":[{"text":"Say hello"}]}]}'

Get a Google access token for the demo account (a demo client key, valid for this run):
  curl -s http://127.0.0.1:$TOKEN_PORT/v1/tokens -H 'x-token-service-key: $CLIENT_KEY' \\
    -H 'Content-Type: application/json' \\
    -d '{"serviceAccount":"$DEMO_ACCOUNT","scopes":["https://www.googleapis.com/auth/generative-language"]}'
  curl -s -H 'Metadata-Flavor: Google' \\
    http://127.0.0.1:$METADATA_PORT/computeMetadata/v1/instance/service-accounts/default/token
  curl -s http://127.0.0.1:$TOKEN_PORT/v1/admin/credentials -H 'x-token-service-key: $CLIENT_KEY'
  curl -s 'http://127.0.0.1:$AUDIT_PORT/v1/events?type=TOKEN_ISSUED' -H 'x-audit-key: $READER_KEY'

Record an auth event, read it back, verify the chain (demo keys, valid for this run):
  curl -s http://127.0.0.1:$AUDIT_PORT/v1/events -H 'x-audit-key: $PRODUCER_KEY' \\
    -H 'Content-Type: application/json' \\
    -d '{"id":"'\$(cat /proc/sys/kernel/random/uuid)'","time":"'\$(date -u +%Y-%m-%dT%H:%M:%SZ)'","type":"TOKEN_ISSUED","source":{"service":"demo"},"principal":"me","outcome":"SUCCESS"}'
  curl -s http://127.0.0.1:$AUDIT_PORT/v1/events -H 'x-audit-key: $READER_KEY'
  curl -s http://127.0.0.1:$AUDIT_PORT/v1/integrity -H 'x-audit-key: $READER_KEY'

Press Ctrl-C to stop.
MSG
wait
