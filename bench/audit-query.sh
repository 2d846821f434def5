#!/usr/bin/env bash
# Filtered keyset queries over a large PostgreSQL store. Fills a bench database with ROWS events
# straight through SQL (default 10 million; ~5 minutes here), starts the service on it, and runs
# QUERIES filtered queries of two pages each. Needs PostgreSQL on 127.0.0.1:5432 (trust auth).
# The bench database is dropped at the end unless KEEP_DB=1.
# Principal, subject, type, outcome and source vary independently of one another.
# Usage: bench/audit-query.sh [rows, default 10000000] [queries, default 300]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-10000000}"
QUERIES="${2:-300}"
PORT="${BENCH_PORT:-18083}"
DB="${BENCH_DB:-audit_qbench}"
JAR=audit-service/target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests package -am -pl audit-service
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)

KEY="reader-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
start_service() {
  QUARKUS_PROFILE=prod,postgresql \
  QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
  AUDIT_AUTH_READER_KEY_HASHES="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)" \
  AUDIT_RETENTION_LEGAL_HOLD=true \
  QUARKUS_HTTP_PORT="$PORT" QUARKUS_LOG_LEVEL=WARN \
    java -jar "$JAR" >/tmp/audit-qbench.log 2>&1 &
  PID=$!
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && return
    sleep 1
  done
  echo "audit-service did not start; see /tmp/audit-qbench.log" >&2
  exit 1
}
cleanup() {
  kill "${PID:-}" 2>/dev/null || true
  wait "${PID:-}" 2>/dev/null || true
  [ "${KEEP_DB:-0}" = 1 ] || "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
}
trap cleanup EXIT

have=$("${PSQL[@]}" -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" || true)
[ "$have" = 1 ] || "${PSQL[@]}" -c "CREATE DATABASE $DB"
start_service # Flyway creates the schema
count=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM audit_event")
if [ "$count" -lt "$ROWS" ]; then
  echo "filling $DB with $ROWS events (events every 250 ms backwards from now)"
  for ((from = count + 1; from <= ROWS; from += 1000000)); do
    to=$((from + 999999 < ROWS ? from + 999999 : ROWS))
    "${PSQL[@]}" -d "$DB" -c "
      INSERT INTO audit_event (id, chain_id, seq, event_time, type, outcome, source_service,
        source_instance, principal, subject, scopes, caller_ip, ingested_at, prev_hash, hash)
      SELECT gen_random_uuid(), 'bench', g, now() - g * interval '250 milliseconds',
        (ARRAY['TOKEN_ISSUED','TOKEN_REFRESHED','ACCESS_DENIED','TOKEN_REQUEST_FAILED'])[1 + (g / 7) % 4],
        (ARRAY['SUCCESS','SUCCESS','SUCCESS','FAILURE','DENIED'])[1 + (g / 500) % 5],
        (ARRAY['token-service','gemini-gateway','audit-service','batch-jobs'])[1 + g % 4],
        'pod-' || (g % 7), 'svc-' || (g % 500), 'sa-' || (g % 2000) || '@p.iam.gserviceaccount.com',
        '[\"https://www.googleapis.com/auth/generative-language\"]', '10.0.' || (g % 250) || '.7',
        now(), repeat('0', 64), repeat('0', 64)
      FROM generate_series($from, $to) AS g"
    echo "  $to rows"
  done
  "${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE audit_event"
fi
echo "querying ($QUERIES filtered queries x 2 pages, 1 client)"
java bench/AuditQueryBench.java "http://127.0.0.1:$PORT" "$KEY" "$QUERIES" | grep RESULT
