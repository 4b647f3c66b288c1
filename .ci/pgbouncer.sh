#!/usr/bin/env bash
# Runs test files through PgBouncer in transaction pooling mode (issue 12), in front of a PostgreSQL
# server on 127.0.0.1 (in CI, the Debian server .ci/run started):
#
#   ISOCOURSE_PG_PASSWORD=… .ci/pgbouncer.sh <postgres port> <work directory> <test files or folders>…
#
# The role is isocourse, whose password is ISOCOURSE_PG_PASSWORD. PgBouncer listens on 127.0.0.1
# only, on a free port from 6432, with a wildcard database entry (test/support/database.ts makes a
# database per test file) and authenticates with SCRAM against a userlist holding that password.
# The tests get:
#   DATABASE_URL                       PgBouncer: every test talks to the database through it
#   DATABASE_PREPARED_STATEMENTS=false PgBouncer 1.18 (Debian 12) passes named prepared statements to
#                                      whatever server connection the transaction gets (1.21 and
#                                      max_prepared_statements would track them); src/db/database.ts
#   DIRECT_DATABASE_URL                PostgreSQL itself, for the few tests that need a session of their
#                                      own (README: Running several servers lists them)
# PgBouncer refuses to run as root: as root (CI), it runs as postgres.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_port="$1"
workdir="$2"
shift 2
password="${ISOCOURSE_PG_PASSWORD:?set ISOCOURSE_PG_PASSWORD to the password of the isocourse role}"
pgbouncer_bin="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"
if [[ ! -x "$pgbouncer_bin" ]]; then
  echo "pgbouncer is not installed (apt-get install pgbouncer)" >&2
  exit 1
fi

bouncer_dir="$workdir/pgbouncer"
mkdir -p "$bouncer_dir"
if [[ -e "$bouncer_dir/pgbouncer.pid" ]]; then
  echo "$bouncer_dir/pgbouncer.pid exists: another PgBouncer runs from $bouncer_dir; give this run its own directory" >&2
  exit 1
fi

port=6432
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

printf '"isocourse" "%s"\n' "$password" >"$bouncer_dir/userlist.txt"
cat >"$bouncer_dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$pg_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
; No Unix socket: nothing but TCP on the loopback.
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $bouncer_dir/userlist.txt
pool_mode = transaction
; Per database and user: a test file's pool (20) gets a server connection for each of its transactions.
default_pool_size = 20
max_client_conn = 2000
; PostgreSQL runs with max_connections=300: all pools together stay below it.
max_user_connections = 250
; A test database is dropped when its file ends: forget its pool soon after.
autodb_idle_timeout = 30
server_idle_timeout = 30
logfile = $bouncer_dir/pgbouncer.log
pidfile = $bouncer_dir/pgbouncer.pid
INI
chmod 700 "$bouncer_dir"
chmod 600 "$bouncer_dir/userlist.txt" "$bouncer_dir/pgbouncer.ini"

as_bouncer=()
if [[ "$(id -u)" == 0 ]]; then
  chown -R postgres:postgres "$bouncer_dir"
  as_bouncer=(runuser -u postgres --)
fi

# Stops the PgBouncer this script started (its pid file), no other.
stop_pgbouncer() {
  if [[ -f "$bouncer_dir/pgbouncer.pid" ]]; then
    local pid
    pid="$(cat "$bouncer_dir/pgbouncer.pid")"
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}
"${as_bouncer[@]}" "$pgbouncer_bin" -d -q "$bouncer_dir/pgbouncer.ini"
trap stop_pgbouncer EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "PgBouncer $("$pgbouncer_bin" --version | awk 'NR==1{print $2}') on 127.0.0.1:$port, pool_mode=transaction, in front of 127.0.0.1:$pg_port"

status=0
DATABASE_URL="postgres://isocourse:${password}@127.0.0.1:${port}/isocourse" \
  DIRECT_DATABASE_URL="postgres://isocourse:${password}@127.0.0.1:${pg_port}/isocourse" \
  DATABASE_PREPARED_STATEMENTS=false \
  npm test -- "$@" || status=$?
if ((status != 0)); then
  echo "--- the last lines of PgBouncer's log ---"
  tail -n 40 "$bouncer_dir/pgbouncer.log" || true
fi
exit "$status"
