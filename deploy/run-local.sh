#!/usr/bin/env bash
# First run: builds what exists of the suite and starts it on this machine with embedded
# defaults, then prints where it listens and a first request to try. Ctrl-C stops it.
# Today the suite is the Google emulator; token-service, gemini-gateway and audit-service join
# here as they land.
set -euo pipefail
cd "$(dirname "$0")/.."

EMULATOR_PORT="${EMULATOR_PORT:-8090}"
JAR=google-emulator/target/quarkus-app/quarkus-run.jar

echo "Building (first time takes a few minutes)..."
./mvnw -q -B -ntp -DskipTests package -pl common,google-emulator

# A fresh demo key each run, registered with the emulator through the environment (never logged).
DEMO_KEY="AQ.demo-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
LOG_DIR="${TMPDIR:-/tmp}/gemini-access-suite"
mkdir -p "$LOG_DIR"

EMULATOR_GEMINI_AUTH_KEYS="$DEMO_KEY" QUARKUS_HTTP_PORT="$EMULATOR_PORT" \
  java -jar "$JAR" >"$LOG_DIR/google-emulator.log" 2>&1 &
EMULATOR_PID=$!
trap 'kill "$EMULATOR_PID" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$EMULATOR_PORT/q/health/ready" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
    echo "google-emulator failed to start; see $LOG_DIR/google-emulator.log" >&2
    exit 1
  fi
  sleep 1
done

cat <<MSG

Gemini access suite is running (embedded defaults, the emulator standing in for Google):
  google-emulator  http://127.0.0.1:$EMULATOR_PORT   (OpenAPI: /q/openapi, health: /q/health, metrics: /q/metrics)
  logs             $LOG_DIR

First request to try (a demo API key, valid for this run):
  curl -s http://127.0.0.1:$EMULATOR_PORT/v1beta/models/gemini-2.5-flash:generateContent \\
    -H 'x-goog-api-key: $DEMO_KEY' -H 'Content-Type: application/json' \\
    -d '{"contents":[{"parts":[{"text":"Say hello"}]}]}'

A service-account key file (Google's format) for token flows:
  curl -s -X POST http://127.0.0.1:$EMULATOR_PORT/emulator/service-accounts \\
    -H 'Content-Type: application/json' -d '{"accountId":"demo-caller"}'

Press Ctrl-C to stop.
MSG
wait "$EMULATOR_PID"
