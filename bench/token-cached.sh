#!/usr/bin/env bash
# Cached-token throughput of token-service's POST /v1/tokens against nginx serving a static 200,
# on loopback, in one run: wrk, 1 thread, CONNECTIONS connections (Debian packages wrk, nginx).
# The emulator stands in for Google (one mint, then every request is a cache hit).
# Bounded: a warm-up and one measured run per target; everything started here is stopped at the end.
# The JVM needs a long warm-up on 2 shared cores (the JIT is still compiling after 20 s).
# Usage: bench/token-cached.sh [duration, default 20s] [connections, default 32] [warm-up, default 40s]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20s}"
CONNECTIONS="${2:-32}"
WARMUP="${3:-40s}"
EMULATOR_PORT="${BENCH_EMULATOR_PORT:-18090}"
TOKEN_PORT="${BENCH_TOKEN_PORT:-18081}"
NGINX_PORT="${BENCH_NGINX_PORT:-18099}"

[ -f google-emulator/target/quarkus-app/quarkus-run.jar ] && [ -f token-service/target/quarkus-app/quarkus-run.jar ] \
  || ./mvnw -q -B -ntp -DskipTests package -am -pl google-emulator,token-service

# shellcheck source=bench/lib.sh
source bench/lib.sh
require_wrk_and_nginx

QUARKUS_HTTP_PORT="$EMULATOR_PORT" QUARKUS_LOG_LEVEL=WARN \
  java -jar google-emulator/target/quarkus-app/quarkus-run.jar >"$WORK/emulator.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$EMULATOR_PORT/q/health/ready"
export BENCH_ACCOUNT="bench-sa@emulator-project.iam.gserviceaccount.com"
curl -fsS "http://127.0.0.1:$EMULATOR_PORT/emulator/service-accounts" -H 'Content-Type: application/json' \
  -d '{"accountId":"bench-sa"}' >"$WORK/bench-sa.json"
export BENCH_CLIENT_KEY="bench-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
cat >"$WORK/policy.json" <<JSON
{"callers": {"bench": {"accounts": ["$BENCH_ACCOUNT"], "scopes": ["*"]}}}
JSON

# shellcheck disable=SC2086
java ${TOKEN_JAVA_OPTS:-} -Dquarkus.http.port="$TOKEN_PORT" -Dquarkus.log.level=WARN \
  -Dtoken.credentials.key-file="$WORK/bench-sa.json" \
  -Dtoken.credentials.use-application-default=false \
  -Dtoken.callers.policy-file="$WORK/policy.json" \
  -Dtoken.callers.key-hashes.bench="$(printf '%s' "$BENCH_CLIENT_KEY" | sha256sum | cut -d' ' -f1)" \
  -Dtoken.metadata.enabled=false \
  -jar token-service/target/quarkus-app/quarkus-run.jar >"$WORK/token.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$TOKEN_PORT/q/health/ready"

start_nginx "
  server { listen 127.0.0.1:$NGINX_PORT; location / { return 200 'ok'; } }
"
wait_ready "http://127.0.0.1:$NGINX_PORT/"

TOKEN_URL="http://127.0.0.1:$TOKEN_PORT/v1/tokens"
curl -fsS "$TOKEN_URL" -H "x-token-service-key: $BENCH_CLIENT_KEY" -H 'Content-Type: application/json' \
  -d "{\"serviceAccount\":\"$BENCH_ACCOUNT\",\"scopes\":[\"https://www.googleapis.com/auth/generative-language\"]}" >/dev/null
echo "warm-up ($WARMUP each)"
wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/token-post.lua "$TOKEN_URL" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/static-200.lua "http://127.0.0.1:$NGINX_PORT/" >/dev/null
echo "measured ($DURATION each, 1 wrk thread, $CONNECTIONS connections, $(nproc) cores shared with wrk)"
TOKEN="$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s bench/token-post.lua "$TOKEN_URL" | grep RESULT)"
NGINX_RESULT="$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s bench/static-200.lua "http://127.0.0.1:$NGINX_PORT/" | grep RESULT)"
echo "token-service POST /v1/tokens (cached): $TOKEN"
echo "nginx static 200:                       $NGINX_RESULT"
awk -v t="$(rps "$TOKEN")" -v n="$(rps "$NGINX_RESULT")" \
  'BEGIN { printf "ratio token-service / nginx = %.2f (target >= 0.50)\n", t / n }'
