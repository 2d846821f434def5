#!/usr/bin/env bash
# First run: starts the whole suite on this machine with embedded defaults (H2 stores, the
# google-emulator standing in for Google when no real credentials are given), prints where it
# listens and the first requests to try, and stops everything on Ctrl-C.
#
#   deploy/run-local.sh            start, print the requests, run until Ctrl-C
#   deploy/run-local.sh --smoke    start, send the printed requests, check them, stop (for CI)
#   deploy/run-local.sh --reset    delete the state of earlier runs first
#   deploy/run-local.sh --replicas 2
#                                  two replicas of each service (not the emulator) sharing the
#                                  local PostgreSQL and Redis; every URL and demo key goes to an
#                                  env file (path printed) to source: . <file>
#
# Real Google: GOOGLE_APPLICATION_CREDENTIALS (a service-account key file) makes the token-service
# mint for that account at Google, and the gateway's token upstream call Google's Gemini API with
# those tokens; GOOGLE_API_KEY or GEMINI_API_KEY (GOOGLE_API_KEY wins) makes the gateway's API-key
# upstream call Google with that key.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }

SMOKE=false
RESET=false
REPLICAS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=true ;;
    --reset) RESET=true ;;
    --replicas)
      [ $# -ge 2 ] || { echo "--replicas needs a number (1 to 3)" >&2; exit 2; }
      REPLICAS=$2
      shift
      ;;
    --replicas=*) REPLICAS=${1#--replicas=} ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$REPLICAS" in
  1 | 2 | 3) ;;
  *) echo "--replicas must be 1, 2 or 3 (it is '$REPLICAS')" >&2; exit 2 ;;
esac
# Replica r listens on each service's port + 1000 × (r - 1).
REPLICA_STEP=1000

EMULATOR_PORT="${EMULATOR_PORT:-8090}"
AUDIT_PORT="${AUDIT_PORT:-8082}"
TOKEN_PORT="${TOKEN_PORT:-8081}"
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
METADATA_PORT="${METADATA_PORT:-8181}"
# Loopback unless the user asks for more (QUARKUS_HTTP_HOST=0.0.0.0 exposes the services).
BIND_HOST="${QUARKUS_HTTP_HOST:-127.0.0.1}"
DATA_DIR="${GEMINI_SUITE_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/gemini-access-suite}"
LOG_DIR="$DATA_DIR/logs"
MODULES=(google-emulator audit-service token-service gemini-gateway)

say() { printf '%s\n' "$*"; }
fail() { printf 'run-local: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- ports
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
busy=()
entries=("google-emulator:$EMULATOR_PORT")
for r in $(seq 1 "$REPLICAS"); do
  offset=$(((r - 1) * REPLICA_STEP))
  entries+=("audit-service:$((AUDIT_PORT + offset))" "token-service:$((TOKEN_PORT + offset))"
    "gemini-gateway:$((GATEWAY_PORT + offset))" "metadata-server:$((METADATA_PORT + offset))")
done
ports_seen=" "
for entry in "${entries[@]}"; do
  case "$ports_seen" in
    *" ${entry#*:} "*) fail "port ${entry#*:} is given to two services; choose other ports (EMULATOR_PORT, AUDIT_PORT, TOKEN_PORT, GATEWAY_PORT, METADATA_PORT)" ;;
  esac
  ports_seen="$ports_seen${entry#*:} "
  if port_busy "${entry#*:}"; then
    busy+=("port ${entry#*:} (${entry%%:*}) is already in use")
  fi
done
if [ ${#busy[@]} -gt 0 ]; then
  printf 'run-local: %s\n' "${busy[@]}" >&2
  fail "is another run of the suite still going? Stop it, or choose other ports with EMULATOR_PORT, AUDIT_PORT, TOKEN_PORT, GATEWAY_PORT, METADATA_PORT."
fi

# ---------------------------------------------------------------- build
# A module's jar is stale when any source or pom it is built from is newer than it.
stale_modules() {
  local module jar
  for module in "${MODULES[@]}"; do
    jar="$module/target/quarkus-app/quarkus-run.jar"
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml common/pom.xml common/src "$module/pom.xml" \
      "$module/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
      printf '%s\n' "$module"
    fi
  done
}

mkdir -p "$LOG_DIR"
if [ -n "$(stale_modules)" ]; then
  say "Building the suite (about 2 minutes the first time; Maven's output is in $LOG_DIR/build.log)..."
  # -am builds what the services need from this reactor (common, test-support), so a fresh clone
  # needs nothing installed in ~/.m2.
  if ! ./mvnw -B -ntp -DskipTests -am -pl "$(IFS=,; echo "${MODULES[*]}")" package 2>&1 \
    | tee "$LOG_DIR/build.log" \
    | sed -un 's/^\[INFO\] Building Gemini access suite :: \(.*\) 0\.1\.0-SNAPSHOT *\[\([0-9]*\/[0-9]*\)\]$/  [\2] \1/p'; then
    tail -n 30 "$LOG_DIR/build.log" >&2
    fail "the build failed; the whole output is in $LOG_DIR/build.log"
  fi
  grep -q 'BUILD SUCCESS' "$LOG_DIR/build.log" || fail "the build failed; see $LOG_DIR/build.log"
else
  say "The jars are up to date with the sources: no build needed."
fi

# ---------------------------------------------------------------- state and secrets
if $RESET; then
  say "Deleting the state of earlier runs in $DATA_DIR"
  rm -rf "$DATA_DIR/audit" "$DATA_DIR/audit.mv.db" "$DATA_DIR"/audit.*.db "$DATA_DIR"/gateway.*.db \
    "$DATA_DIR/token-outbox" "$DATA_DIR/gateway-outbox" "$DATA_DIR"/token-outbox-* "$DATA_DIR"/gateway-outbox-*
fi
mkdir -p "$DATA_DIR" "$LOG_DIR"
# Demo key material lives only for this run, owner-only, and is deleted when it stops.
SECRETS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gemini-access-suite.XXXXXX")
chmod 700 "$SECRETS_DIR"

random_secret() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }

# ---------------------------------------------------------------- a fleet: PostgreSQL and Redis
# More than one replica shares state the way a platform team runs it: PostgreSQL (the postgresql
# profile) for what must hold, Redis for the gateway's counters. Both must run here already.
PG_HOST="${SUITE_POSTGRES_HOST:-127.0.0.1}"
PG_PORT="${SUITE_POSTGRES_PORT:-5432}"
PG_USER="${SUITE_POSTGRES_USER:-postgres}"
REDIS_URL="${SUITE_REDIS_URL:-redis://127.0.0.1:6379}"
FLEET_DATABASES=(suite_tokens suite_gateway suite_audit)
psql_run() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qtAc "$1"; }
if [ "$REPLICAS" -gt 1 ]; then
  command -v psql >/dev/null 2>&1 || fail "--replicas needs psql (Debian: postgresql-client)"
  psql_run 'SELECT 1' >/dev/null 2>&1 \
    || fail "--replicas needs PostgreSQL on $PG_HOST:$PG_PORT (user $PG_USER, trust or PGPASSWORD); SUITE_POSTGRES_HOST, _PORT, _USER choose another"
  redis_host=${REDIS_URL#redis://}
  redis_host=${redis_host%%/*}
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -u "$REDIS_URL" ping 2>/dev/null)" = "PONG" ] \
      || fail "--replicas needs Redis at $redis_host (SUITE_REDIS_URL chooses another)"
  else
    port_busy "${redis_host##*:}" || fail "--replicas needs Redis at $redis_host (SUITE_REDIS_URL chooses another)"
  fi
  for db in "${FLEET_DATABASES[@]}"; do
    if $RESET; then
      psql_run "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    fi
    [ "$(psql_run "SELECT 1 FROM pg_database WHERE datname = '$db'")" = "1" ] \
      || psql_run "CREATE DATABASE $db" >/dev/null
  done
  # The keys that seal what the admin APIs store in PostgreSQL: made once, kept with the state
  # (owner-only), since the rows they sealed outlive this run.
  SEALING_FILE="$DATA_DIR/fleet-sealing-keys"
  if $RESET || [ ! -f "$SEALING_FILE" ]; then
    (umask 077; printf 'TOKEN_SEALING=%s\nGATEWAY_SEALING=%s\n' \
      "$(head -c 32 /dev/urandom | base64)" "$(head -c 32 /dev/urandom | base64)" >"$SEALING_FILE")
  fi
  TOKEN_SEALING=$(sed -n 's/^TOKEN_SEALING=//p' "$SEALING_FILE")
  GATEWAY_SEALING=$(sed -n 's/^GATEWAY_SEALING=//p' "$SEALING_FILE")
fi
# What replica r of each service needs to share state (nothing with one replica: embedded stores).
fleet_env() { # service replica
  [ "$REPLICAS" -gt 1 ] || return 0
  local url="jdbc:postgresql://$PG_HOST:$PG_PORT"
  printf '%s\n' QUARKUS_PROFILE=prod,postgresql QUARKUS_DATASOURCE_POSTGRESQL_USERNAME="$PG_USER"
  case "$1" in
    audit) printf '%s\n' QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL="$url/suite_audit" ;;
    token) printf '%s\n' QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL="$url/suite_tokens" \
      TOKEN_FLEET_SEALING_KEY="$TOKEN_SEALING" TOKEN_INSTANCE="token-service-$2" ;;
    gateway) printf '%s\n' QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL="$url/suite_gateway" \
      GATEWAY_FLEET_SEALING_KEY="$GATEWAY_SEALING" GATEWAY_INSTANCE="gemini-gateway-$2" \
      GATEWAY_LIMITS_STORE=redis GATEWAY_LIMITS_REDIS_URL="$REDIS_URL" ;;
  esac
}
# Replica r's name and port: the service's own for replica 1 of a single run.
replica_name() { if [ "$REPLICAS" -gt 1 ]; then printf '%s-%s' "$1" "$2"; else printf '%s' "$1"; fi; }
replica_port() { printf '%s' $(($1 + ($2 - 1) * REPLICA_STEP)); }
replica_dir() { if [ "$2" -gt 1 ]; then printf '%s/%s-%s' "$DATA_DIR" "$1" "$2"; else printf '%s/%s' "$DATA_DIR" "$1"; fi; }
sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
json_field() { sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" "$2" | head -n 1; }

# Fresh demo credentials each run, handed to the services through the environment or as hashes.
# A script that drives the suite (bench/fuzz.sh) may choose the keys it calls with: SUITE_*_KEY.
DEMO_API_KEY="AQ.demo-$(random_secret)"
PRODUCER_KEY="${SUITE_PRODUCER_KEY:-producer-$(random_secret)}"
READER_KEY="${SUITE_READER_KEY:-reader-$(random_secret)}"
CLIENT_KEY="${SUITE_CLIENT_KEY:-client-$(random_secret)}"
GATEWAY_TO_TOKENS_KEY="gateway-$(random_secret)"
GATEWAY_CLIENT_KEY="${SUITE_GATEWAY_CLIENT_KEY:-gwk_$(random_secret)}"
GATEWAY_ADMIN_KEY="${SUITE_GATEWAY_ADMIN_KEY:-admin-$(random_secret)}"
unset SUITE_PRODUCER_KEY SUITE_READER_KEY SUITE_CLIENT_KEY SUITE_GATEWAY_CLIENT_KEY \
  SUITE_GATEWAY_ADMIN_KEY

# ---------------------------------------------------------------- processes
NAMES=()
PIDS=()
STOPPED=false
stop_all() {
  $STOPPED && return
  STOPPED=true
  trap - INT TERM
  if [ ${#PIDS[@]} -gt 0 ]; then
    say ""
    say "Stopping the suite..."
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    local i pid
    for i in "${!PIDS[@]}"; do
      pid=${PIDS[$i]}
      for _ in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        say "  ${NAMES[$i]} did not stop in 15 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
      wait "$pid" 2>/dev/null || true
    done
    say "Stopped. State kept in $DATA_DIR (deploy/run-local.sh --reset clears it); logs in $LOG_DIR."
  fi
  rm -rf "$SECRETS_DIR"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

start() { # name port jar [VAR=value ...]
  local name=$1 port=$2 jar=$3
  shift 3
  say "  starting $name on $BIND_HOST:$port"
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  env "$@" QUARKUS_HTTP_HOST="$BIND_HOST" QUARKUS_HTTP_PORT="$port" \
    java ${JAVA_OPTS:-} -jar "$jar" >"$LOG_DIR/$name.log" 2>&1 &
  local pid=$!
  NAMES+=("$name")
  PIDS+=("$pid")
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG_DIR/$name.log" >&2
      fail "$name stopped while starting; see $LOG_DIR/$name.log"
    fi
    # The ports were free before start and the process is alive, so this answer is its own.
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; then
      return
    fi
    sleep 0.5
  done
  fail "$name did not become ready in 120 s; see $LOG_DIR/$name.log"
}

say "Starting the suite (state: $DATA_DIR, logs: $LOG_DIR)"
start google-emulator "$EMULATOR_PORT" google-emulator/target/quarkus-app/quarkus-run.jar \
  EMULATOR_GEMINI_AUTH_KEYS="$DEMO_API_KEY"
for r in $(seq 1 "$REPLICAS"); do
  mapfile -t FLEET < <(fleet_env audit "$r")
  start "$(replica_name audit-service "$r")" "$(replica_port "$AUDIT_PORT" "$r")" \
    audit-service/target/quarkus-app/quarkus-run.jar "${FLEET[@]}" \
    AUDIT_H2_PATH="$DATA_DIR/audit" \
    AUDIT_AUTH_PRODUCER_KEY_HASHES="$(sha256 "$PRODUCER_KEY")" \
    AUDIT_AUTH_READER_KEY_HASHES="$(sha256 "$READER_KEY")"
done

# The account the token-service mints for: the real one in GOOGLE_APPLICATION_CREDENTIALS, else a
# demo service account created at the emulator (its key file lives in SECRETS_DIR).
TOKEN_ENV=()
if [ -n "${GOOGLE_APPLICATION_CREDENTIALS:-}" ]; then
  [ -r "$GOOGLE_APPLICATION_CREDENTIALS" ] || fail "GOOGLE_APPLICATION_CREDENTIALS names no readable file"
  ACCOUNT=$(json_field client_email "$GOOGLE_APPLICATION_CREDENTIALS")
  [ -n "$ACCOUNT" ] || fail "GOOGLE_APPLICATION_CREDENTIALS is not a service-account key file (no client_email)"
  TOKEN_GOOGLE="Google (the account in GOOGLE_APPLICATION_CREDENTIALS)"
  GEMINI_BY_TOKEN=""
else
  ACCOUNT="gemini-demo@emulator-project.iam.gserviceaccount.com"
  (umask 077; curl -fsS "http://127.0.0.1:$EMULATOR_PORT/emulator/service-accounts" \
    -H 'Content-Type: application/json' -d '{"accountId":"gemini-demo"}' >"$SECRETS_DIR/gemini-demo.json")
  TOKEN_ENV=(TOKEN_CREDENTIALS_KEY_FILE="$SECRETS_DIR/gemini-demo.json"
    TOKEN_UPSTREAM_IAM_CREDENTIALS="http://127.0.0.1:$EMULATOR_PORT"
    TOKEN_UPSTREAM_IAM="http://127.0.0.1:$EMULATOR_PORT"
    TOKEN_UPSTREAM_STS="http://127.0.0.1:$EMULATOR_PORT/v1/token")
  TOKEN_GOOGLE="the emulator (demo account)"
  GEMINI_BY_TOKEN="http://127.0.0.1:$EMULATOR_PORT"
fi
(umask 077; cat >"$SECRETS_DIR/token-policy.json" <<JSON
{"callers": {"demo-client": {"accounts": ["$ACCOUNT"], "scopes": ["*"]},
             "gemini-gateway": {"accounts": ["$ACCOUNT"], "scopes": ["https://www.googleapis.com/auth/generative-language"]}},
 "admins": ["demo-client"]}
JSON
)
# Replica r of each producer ships to audit replica r, and gateway r asks token-service r (no
# load balancer here); each replica keeps its own outbox journal.
for r in $(seq 1 "$REPLICAS"); do
  mapfile -t FLEET < <(fleet_env token "$r")
  JAVA_OPTS="-Dtoken.callers.key-hashes.demo-client=$(sha256 "$CLIENT_KEY") -Dtoken.callers.key-hashes.gemini-gateway=$(sha256 "$GATEWAY_TO_TOKENS_KEY")" \
  start "$(replica_name token-service "$r")" "$(replica_port "$TOKEN_PORT" "$r")" \
    token-service/target/quarkus-app/quarkus-run.jar \
    "${TOKEN_ENV[@]}" "${FLEET[@]}" \
    TOKEN_CALLERS_POLICY_FILE="$SECRETS_DIR/token-policy.json" \
    TOKEN_METADATA_PORT="$(replica_port "$METADATA_PORT" "$r")" TOKEN_METADATA_DEFAULT_ACCOUNT="$ACCOUNT" \
    TOKEN_AUDIT_URL="http://127.0.0.1:$(replica_port "$AUDIT_PORT" "$r")/v1/events" TOKEN_AUDIT_KEY="$PRODUCER_KEY" \
    TOKEN_AUDIT_OUTBOX_DIRECTORY="$(replica_dir token-outbox "$r")"
done

# Two upstreams for every model: first service-account tokens from the token-service (key file,
# JWT, token, Gemini), then an API key. Secrets go through the environment, never the command line.
API_KEY="${GOOGLE_API_KEY:-${GEMINI_API_KEY:-}}"
GATEWAY_OPTS="-Dgateway.clients.demo-app.key-hash=$(sha256 "$GATEWAY_CLIENT_KEY")"
GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.admin.key-hashes.demo-admin=$(sha256 "$GATEWAY_ADMIN_KEY")"
GATEWAY_ENV=(GATEWAY_TOKEN_SERVICE_KEY="$GATEWAY_TO_TOKENS_KEY")
GATEWAY_USES_TOKENS=false
if [ -z "$API_KEY" ] || [ -n "${GOOGLE_APPLICATION_CREDENTIALS:-}" ]; then
  GATEWAY_USES_TOKENS=true
  # Tokens to the emulator with the demo account, or to Google with the real one.
  GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.upstreams.tokens.credential=token-service"
  GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.upstreams.tokens.service-account=$ACCOUNT"
  GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.upstreams.tokens.priority=0"
  [ -n "$GEMINI_BY_TOKEN" ] && GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.upstreams.tokens.base-url=$GEMINI_BY_TOKEN"
fi
if [ -n "$API_KEY" ]; then
  GATEWAY_ENV+=(GATEWAY_UPSTREAMS_APIKEY_API_KEYS="$API_KEY")
  GATEWAY_UPSTREAM="Google's Gemini API"
else
  GATEWAY_ENV+=(GATEWAY_UPSTREAMS_APIKEY_API_KEYS="$DEMO_API_KEY")
  GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.upstreams.apikey.base-url=http://127.0.0.1:$EMULATOR_PORT"
  GATEWAY_UPSTREAM="the emulator"
fi
[ -n "${GOOGLE_APPLICATION_CREDENTIALS:-}" ] && GATEWAY_UPSTREAM="Google's Gemini API"
GATEWAY_OPTS="$GATEWAY_OPTS -Dgateway.upstreams.apikey.priority=1"
# A driving script (bench/fuzz.sh) may add gateway settings of its own; never secrets.
GATEWAY_OPTS="$GATEWAY_OPTS ${SUITE_GATEWAY_OPTS:-}"
for r in $(seq 1 "$REPLICAS"); do
  mapfile -t FLEET < <(fleet_env gateway "$r")
  JAVA_OPTS="$GATEWAY_OPTS" \
  start "$(replica_name gemini-gateway "$r")" "$(replica_port "$GATEWAY_PORT" "$r")" \
    gemini-gateway/target/quarkus-app/quarkus-run.jar \
    "${GATEWAY_ENV[@]}" "${FLEET[@]}" \
    GATEWAY_TOKEN_SERVICE_URL="http://127.0.0.1:$(replica_port "$TOKEN_PORT" "$r")" \
    GATEWAY_H2_PATH="$DATA_DIR/gateway" GATEWAY_AUDIT_OUTBOX_DIRECTORY="$(replica_dir gateway-outbox "$r")" \
    GATEWAY_AUDIT_URL="http://127.0.0.1:$(replica_port "$AUDIT_PORT" "$r")/v1/events" GATEWAY_AUDIT_KEY="$PRODUCER_KEY"
done

# ---------------------------------------------------------------- the first requests
# Each request is printed for the user and, with --smoke, sent and checked against what its
# answer must contain: the printed text is exactly what runs.
G="http://127.0.0.1:$GATEWAY_PORT"
T="http://127.0.0.1:$TOKEN_PORT"
A="http://127.0.0.1:$AUDIT_PORT"
M="http://127.0.0.1:$METADATA_PORT"
TITLES=()
COMMANDS=()
EXPECT=()
request() { TITLES+=("$1"); COMMANDS+=("$2"); EXPECT+=("$3"); }
HELLO="-H 'Content-Type: application/json' -d '{\"contents\":[{\"parts\":[{\"text\":\"Say hello\"}]}]}'"

request "Gemini through the gateway, as the Java and Python GenAI SDKs call it (/v1beta, x-goog-api-key):" \
  "curl -sS $G/v1beta/models/gemini-2.5-flash:generateContent -H 'x-goog-api-key: $GATEWAY_CLIENT_KEY' $HELLO" \
  '"candidates"'
request "The same on /v1, as the JS GenAI SDK calls it:" \
  "curl -sS $G/v1/models/gemini-2.5-flash:generateContent -H 'x-goog-api-key: $GATEWAY_CLIENT_KEY' $HELLO" \
  '"candidates"'
request "A stream (server-sent events, relayed as they arrive):" \
  "curl -sSN '$G/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse' -H 'x-goog-api-key: $GATEWAY_CLIENT_KEY' $HELLO" \
  '^data: \{"candidates"'
request "A Google access token for $ACCOUNT from the token-service:" \
  "curl -sS $T/v1/tokens -H 'x-token-service-key: $CLIENT_KEY' -H 'Content-Type: application/json' -d '{\"serviceAccount\":\"$ACCOUNT\",\"scopes\":[\"https://www.googleapis.com/auth/generative-language\"]}'" \
  '"access_token"'
request "The same account through the metadata-server protocol (GCE_METADATA_HOST=127.0.0.1:$METADATA_PORT):" \
  "curl -sS -H 'Metadata-Flavor: Google' $M/computeMetadata/v1/instance/service-accounts/default/token" \
  '"access_token"'
# With a token upstream, the gateway's own mint (principal gemini-gateway) proves the headline
# flow ran; without one, the token request above must be there.
if $GATEWAY_USES_TOKENS; then MINTED='"principal":"gemini-gateway"'; else MINTED="\"subject\":\"$ACCOUNT\""; fi
request "The mints in the audit store, the gateway's among them (events arrive within seconds):" \
  "curl -sS '$A/v1/events?type=TOKEN_ISSUED&subject=$ACCOUNT' -H 'x-audit-key: $READER_KEY'" \
  "$MINTED"
request "The audit store's hash chain, verified:" \
  "curl -sS $A/v1/integrity -H 'x-audit-key: $READER_KEY'" \
  '"verified":true'
request "A client key of your own from the gateway's admin API (shown once):" \
  "curl -sS '$G/admin/v1/client-keys?alt=text' -H 'x-gateway-admin-key: $GATEWAY_ADMIN_KEY' -H 'Content-Type: application/json' -d '{\"client\":\"demo-app\",\"ttlSeconds\":86400}'" \
  '^gwk_'
request "The token-service's credentials (never key material):" \
  "curl -sS $T/v1/admin/credentials -H 'x-token-service-key: $CLIENT_KEY'" \
  "\"$ACCOUNT\""
for r in $(seq 2 "$REPLICAS"); do
  request "Gemini through gateway replica $r (its own token-service and audit replicas):" \
    "curl -sS http://127.0.0.1:$(replica_port "$GATEWAY_PORT" "$r")/v1beta/models/gemini-2.5-flash:generateContent -H 'x-goog-api-key: $GATEWAY_CLIENT_KEY' $HELLO" \
    '"candidates"'
  request "The events of every replica, from audit replica $r (one shared store):" \
    "curl -sS 'http://127.0.0.1:$(replica_port "$AUDIT_PORT" "$r")/v1/events?type=TOKEN_ISSUED&subject=$ACCOUNT&limit=1000' -H 'x-audit-key: $READER_KEY'" \
    "\"instance\":\"token-service-1\""
done

# Every URL and demo key, for a person or a script that drives the suite (. "$ENV_FILE"); it holds
# this run's demo keys, so it lives with them and is deleted when the suite stops.
ENV_FILE="$SECRETS_DIR/suite.env"
{
  printf '# The Gemini access suite started by deploy/run-local.sh (%s replica(s)); valid while it runs.\n' "$REPLICAS"
  printf 'export SUITE_REPLICAS=%s\n' "$REPLICAS"
  printf 'export SUITE_EMULATOR_URL=http://127.0.0.1:%s\n' "$EMULATOR_PORT"
  for r in $(seq 1 "$REPLICAS"); do
    printf 'export SUITE_GATEWAY_%s_URL=http://127.0.0.1:%s\n' "$r" "$(replica_port "$GATEWAY_PORT" "$r")"
    printf 'export SUITE_TOKEN_%s_URL=http://127.0.0.1:%s\n' "$r" "$(replica_port "$TOKEN_PORT" "$r")"
    printf 'export SUITE_METADATA_%s_HOST=127.0.0.1:%s\n' "$r" "$(replica_port "$METADATA_PORT" "$r")"
    printf 'export SUITE_AUDIT_%s_URL=http://127.0.0.1:%s\n' "$r" "$(replica_port "$AUDIT_PORT" "$r")"
  done
  printf 'export SUITE_ACCOUNT=%q\n' "$ACCOUNT"
  printf 'export SUITE_GATEWAY_CLIENT_KEY=%q\n' "$GATEWAY_CLIENT_KEY"
  printf 'export SUITE_GATEWAY_ADMIN_KEY=%q\n' "$GATEWAY_ADMIN_KEY"
  printf 'export SUITE_TOKEN_CLIENT_KEY=%q\n' "$CLIENT_KEY"
  printf 'export SUITE_AUDIT_READER_KEY=%q\n' "$READER_KEY"
  printf 'export SUITE_AUDIT_PRODUCER_KEY=%q\n' "$PRODUCER_KEY"
} >"$ENV_FILE"
chmod 600 "$ENV_FILE"

cat <<MSG

Gemini access suite is running on $BIND_HOST ($(if [ "$REPLICAS" -gt 1 ]; then echo "$REPLICAS replicas of each service on PostgreSQL $PG_HOST:$PG_PORT and Redis; replica r on each port + $((REPLICA_STEP)) x (r - 1)"; else echo "embedded defaults"; fi)):
  gemini-gateway   $G   (relays the Gemini API to $GATEWAY_UPSTREAM)
  token-service    $T   (mints at $TOKEN_GOOGLE)
  metadata server  $M   (GCE_METADATA_HOST=127.0.0.1:$METADATA_PORT)
  audit-service    $A   (H2 store in $DATA_DIR)
  google-emulator  http://127.0.0.1:$EMULATOR_PORT
  every service:   /q/health, /q/metrics, /q/openapi
  state:           $DATA_DIR   (kept between runs; --reset clears it)
  logs:            $LOG_DIR
  every URL and demo key:  . $ENV_FILE

Try these (the keys are demo keys, valid for this run only):
MSG
for i in "${!COMMANDS[@]}"; do
  printf '\n# %s\n%s\n' "${TITLES[$i]}" "${COMMANDS[$i]}"
done

if ! $SMOKE; then
  say ""
  say "Press Ctrl-C to stop."
  # Returns when a service exits (or on Ctrl-C, through the trap).
  wait -n "${PIDS[@]}" || true
  for i in "${!PIDS[@]}"; do
    kill -0 "${PIDS[$i]}" 2>/dev/null || say "${NAMES[$i]} stopped on its own; see $LOG_DIR/${NAMES[$i]}.log"
  done
  exit 1
fi

# ---------------------------------------------------------------- smoke mode
say ""
say "Smoke test: sending the requests above"
failures=0
for i in "${!COMMANDS[@]}"; do
  ok=false
  # The audit store receives events in batches: give it a few seconds.
  for _ in $(seq 1 20); do
    answer=$(eval "${COMMANDS[$i]}" 2>&1 || true)
    if printf '%s' "$answer" | grep -qE "${EXPECT[$i]}"; then
      ok=true
      break
    fi
    sleep 0.5
  done
  if $ok; then
    say "  ok    ${TITLES[$i]}"
  else
    say "  FAIL  ${TITLES[$i]}"
    say "        expected /${EXPECT[$i]}/, got: $(printf '%s' "$answer" | head -c 400)"
    failures=$((failures + 1))
  fi
done
# Nothing of the suite may listen beyond loopback unless QUARKUS_HTTP_HOST asked for it.
if [ "$BIND_HOST" = "127.0.0.1" ] && command -v ss >/dev/null 2>&1; then
  before=$failures
  for i in "${!PIDS[@]}"; do
    exposed=$(ss -Hltnp 2>/dev/null | grep "pid=${PIDS[$i]}," | awk '{print $4}' \
      | grep -vE '^(127\.[0-9.]+|\[::1\]|\[::ffff:127\.[0-9.]+\]):[0-9]+$' || true)
    if [ -n "$exposed" ]; then
      say "  FAIL  ${NAMES[$i]} listens beyond loopback: $exposed"
      failures=$((failures + 1))
    fi
  done
  [ "$failures" -eq "$before" ] && say "  ok    nothing listens beyond loopback"
fi
if [ "$failures" -gt 0 ]; then
  fail "$failures smoke check(s) failed; logs in $LOG_DIR"
fi
say "Smoke test passed."
