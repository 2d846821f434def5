#!/usr/bin/env bash
# Batched ingest into PostgreSQL with the hash chain on, over HTTP on loopback.
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres). Bounded: a warm-up of 20
# batches, then BATCHES batches of 1000 events from CONCURRENCY clients; the service and the
# bench database are removed at the end.
# Usage: bench/audit-ingest.sh [batches, default 200] [concurrency, default 4]
set -euo pipefail
cd "$(dirname "$0")/.."
BATCHES="${1:-200}"
CONCURRENCY="${2:-4}"
PORT="${BENCH_PORT:-18082}"
DB="audit_bench_$$"
JAR=audit-service/target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests package -am -pl audit-service

KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
QUARKUS_PROFILE=prod,postgresql \
QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
AUDIT_AUTH_PRODUCER_KEY_HASHES="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)" \
QUARKUS_HTTP_PORT="$PORT" QUARKUS_LOG_LEVEL=WARN \
  java -jar "$JAR" >/tmp/audit-bench.log 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
}
trap cleanup EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
URL="http://127.0.0.1:$PORT/v1/events"
echo "warm-up (20 batches)"
java bench/AuditIngestBench.java "$URL" "$KEY" 20 1000 "$CONCURRENCY" >/dev/null
echo "measured ($BATCHES batches x 1000 events, $CONCURRENCY clients, $(nproc) cores shared)"
java bench/AuditIngestBench.java "$URL" "$KEY" "$BATCHES" 1000 "$CONCURRENCY" | grep RESULT
