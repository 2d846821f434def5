#!/usr/bin/env bash
# p50/p99 latency of AuditOutbox.record() (the producer-side cost per auth event).
# Usage: bench/outbox-record.sh [measured calls, default 200000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -DskipTests install -pl common
./mvnw -q -B -ntp dependency:build-classpath -pl common -Dmdep.outputFile=/tmp/outbox-bench.cp >/dev/null
java -cp "common/target/classes:$(cat /tmp/outbox-bench.cp)" bench/OutboxRecordBench.java "${1:-200000}" 2>/dev/null | grep RESULT
