# Shared by the bench scripts (sourced): a private work folder, the processes started in it
# stopped and the folder removed at exit (BENCH_LOGS=dir keeps a copy of the services' logs),
# and a wait for a service to answer.
WORK="$(mktemp -d)"
chmod 700 "$WORK"
PIDS=()
cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  # || true: under set -e a failed copy would end the trap before the folder is removed.
  [ -n "${BENCH_LOGS:-}" ] && { mkdir -p "$BENCH_LOGS" && cp "$WORK"/*.log "$BENCH_LOGS"/; } 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
wait_ready() {
  for _ in $(seq 1 90); do
    curl -fsS "$1" >/dev/null 2>&1 && return
    sleep 1
  done
  echo "not ready: $1" >&2
  exit 1
}
require_wrk_and_nginx() {
  command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
  [ -x "$NGINX" ] || { echo "nginx is needed: apt-get install -y nginx-light" >&2; exit 1; }
}
# Starts nginx on loopback with the given server and upstream blocks, logs and temp files in $WORK.
start_nginx() {
  cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK; proxy_temp_path $WORK; fastcgi_temp_path $WORK;
  uwsgi_temp_path $WORK; scgi_temp_path $WORK;
  $1
}
CONF
  "$NGINX" -c "$WORK/nginx.conf" -p "$WORK"
}
rps() { sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$1"; }
# User plus system CPU of a process so far, in clock ticks (fields 14 and 15 of /proc/PID/stat;
# the command name in field 2 is cut off first, since it may hold spaces).
cpu_ticks() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
