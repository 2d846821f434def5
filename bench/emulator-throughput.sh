#!/usr/bin/env bash
# Measures the emulator's generateContent throughput on loopback with wrk (Debian package).
# Bounded: one warm-up and one measured run of DURATION each; the emulator is stopped at the end.
# Usage: bench/emulator-throughput.sh [duration, default 20s] [connections, default 64]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20s}"
CONNECTIONS="${2:-64}"
PORT="${BENCH_PORT:-18090}"
JAR=google-emulator/target/quarkus-app/quarkus-run.jar

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests package -am -pl google-emulator

export BENCH_KEY="AQ.bench-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
EMULATOR_GEMINI_AUTH_KEYS="$BENCH_KEY" QUARKUS_HTTP_PORT="$PORT" QUARKUS_LOG_LEVEL=WARN \
  java -jar "$JAR" >/tmp/emulator-bench.log 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done

URL="http://127.0.0.1:$PORT/v1beta/models/gemini-2.5-flash:generateContent"
echo "warm-up ($DURATION)"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s bench/emulator-generate.lua "$URL" >/dev/null
echo "measured ($DURATION, 1 wrk thread, $CONNECTIONS connections, $(nproc) cores shared with wrk)"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s bench/emulator-generate.lua "$URL" | grep RESULT
