#!/usr/bin/env bash
# gemini-gateway against nginx proxy_pass to the same upstream (the emulator), on loopback, in one
# run: throughput of generateContent at CONNECTIONS connections (wrk, 1 thread), then the latency
# the gateway adds over a direct call at RATE requests/s, and the time to the first stream event
# (bench/GatewayLatencyBench.java). Debian packages: wrk, nginx (nginx-light will do).
# Bounded: warm-ups and one measured run per target; everything started here is stopped at the end.
# The JVMs need a long warm-up on 2 shared cores (the JIT is still compiling after 20 s).
# Usage: bench/gateway-proxy.sh [duration, default 20s] [connections, default 32] [rate, default 1000]
#        [warm-up, default 40s]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20s}"
CONNECTIONS="${2:-32}"
RATE="${3:-1000}"
WARMUP="${4:-40s}"
EMULATOR_PORT="${BENCH_EMULATOR_PORT:-18090}"
GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18080}"
NGINX_PORT="${BENCH_NGINX_PORT:-18098}"

[ -f google-emulator/target/quarkus-app/quarkus-run.jar ] && [ -f gemini-gateway/target/quarkus-app/quarkus-run.jar ] \
  || ./mvnw -q -B -ntp -DskipTests package -am -pl google-emulator,gemini-gateway

# shellcheck source=bench/lib.sh
source bench/lib.sh
require_wrk_and_nginx
random_key() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }

UPSTREAM_KEY="AQ.Ab8RN6bench$(random_key)"
CLIENT_KEY="gwk_bench_$(random_key)"
# The emulator streams its 4 chunks without gaps: the stream figure is the gateway's, not a wait.
QUARKUS_HTTP_PORT="$EMULATOR_PORT" QUARKUS_LOG_LEVEL=WARN EMULATOR_GEMINI_AUTH_KEYS="$UPSTREAM_KEY" \
  java -Demulator.gemini.stream-gap=1ms -jar google-emulator/target/quarkus-app/quarkus-run.jar \
  >"$WORK/emulator.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$EMULATOR_PORT/q/health/ready"

# shellcheck disable=SC2086
java ${GATEWAY_JAVA_OPTS:-} -Dquarkus.http.port="$GATEWAY_PORT" -Dquarkus.log.level=WARN \
  -Dgateway.clients.bench.key-hash="$(printf '%s' "$CLIENT_KEY" | sha256sum | cut -d' ' -f1)" \
  -Dgateway.clients.bench.requests-per-minute=100000000 -Dgateway.clients.bench.max-concurrent=100000 \
  -Dgateway.upstreams.emulator.base-url="http://127.0.0.1:$EMULATOR_PORT" \
  -Dgateway.upstreams.emulator.api-keys="$UPSTREAM_KEY" \
  -Dgateway.upstreams.emulator.max-concurrent=1024 \
  -Dgateway.audit.outbox-directory="$WORK/gateway-outbox" \
  -jar gemini-gateway/target/quarkus-app/quarkus-run.jar >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($!)
wait_ready "http://127.0.0.1:$GATEWAY_PORT/q/health/ready"

start_nginx "
  upstream emulator { server 127.0.0.1:$EMULATOR_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://emulator;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_buffering off;
    }
  }
"
sleep 1

GENERATE=/v1beta/models/gemini-2.5-flash:generateContent
echo "warm-up ($WARMUP each)"
BENCH_KEY="$CLIENT_KEY" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/emulator-generate.lua \
  "http://127.0.0.1:$GATEWAY_PORT$GENERATE" >/dev/null
BENCH_KEY="$UPSTREAM_KEY" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/emulator-generate.lua \
  "http://127.0.0.1:$NGINX_PORT$GENERATE" >/dev/null
echo "measured ($DURATION each, 1 wrk thread, $CONNECTIONS connections, $(nproc) cores shared by all)"
CPU_BEFORE="$(cpu_ticks "$GATEWAY_PID")"
GATEWAY_RESULT="$(BENCH_KEY="$CLIENT_KEY" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" \
  -s bench/emulator-generate.lua "http://127.0.0.1:$GATEWAY_PORT$GENERATE" | grep RESULT)"
CPU_AFTER="$(cpu_ticks "$GATEWAY_PID")"
NGINX_RESULT="$(BENCH_KEY="$UPSTREAM_KEY" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" \
  -s bench/emulator-generate.lua "http://127.0.0.1:$NGINX_PORT$GENERATE" | grep RESULT)"
echo "gateway generateContent:          $GATEWAY_RESULT"
echo "nginx proxy_pass generateContent: $NGINX_RESULT"
awk -v g="$(rps "$GATEWAY_RESULT")" -v n="$(rps "$NGINX_RESULT")" \
  'BEGIN { printf "ratio gateway / nginx = %.2f (target >= 0.60)\n", g / n }'
# CPU the gateway spent per request over the measured run: steadier than throughput on a shared
# machine, since it does not depend on how much CPU the other processes left the gateway.
awk -v t="$((CPU_AFTER - CPU_BEFORE))" -v hz="$(getconf CLK_TCK)" \
  -v r="$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$GATEWAY_RESULT")" \
  'BEGIN { printf "gateway CPU per request = %.1f us (user+system, /proc)\n", t * 1e6 / hz / r }'

echo "latency at $RATE requests/s, direct to the emulator vs through the gateway (20 s each)"
java bench/GatewayLatencyBench.java "http://127.0.0.1:$EMULATOR_PORT" "$UPSTREAM_KEY" \
  "http://127.0.0.1:$GATEWAY_PORT" "$CLIENT_KEY" "$RATE" 20
