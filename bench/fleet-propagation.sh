#!/usr/bin/env bash
# How fast a credential decision on one token-service replica reaches another: two replicas on
# PostgreSQL (the server named by AUDIT_TEST_POSTGRES_URL, else an embedded one), the emulator as
# Google; ROUNDS disables on replica 1, each timed until replica 2 refuses (p50, p99, max).
# Bounded: ROUNDS rounds, at most 10 s each; everything started is stopped at the end.
# Usage: bench/fleet-propagation.sh [rounds, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-100}"
./mvnw -q -B -ntp verify -am -pl e2e-tests -Dtest=FleetPropagationBench \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.propagation="$ROUNDS" 2>&1 \
  | grep -E '^propagation|ERROR|FAIL' || true
