#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on loopback for the tests that run on PostgreSQL, and prints the connection
# string they use (SAPSANDBOX_TEST_POSTGRES). Idempotent: a server this script started before is reused.
#   PG_PORT (5439)  PG_DATA (/tmp/sapsandbox-pg)
# Installs Debian's postgresql package when the server binaries are missing, and nginx (the load balancer of the
# several-instances test) when it is missing (needs root or sudo).
set -euo pipefail
PORT=${PG_PORT:-5439}
DATA=${PG_DATA:-/tmp/sapsandbox-pg}
sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  $sudo apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

if [ ! -x /usr/sbin/nginx ]; then
  $sudo apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >&2 || $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >&2
fi

# PostgreSQL refuses to run as root: as root, the server runs as the postgres user.
as=(); [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
if ! "${as[@]}" "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"; mkdir -p "$DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres "$DATA"
    "${as[@]}" "$bin/initdb" -D "$DATA" -U postgres -A trust --no-sync -E UTF8 >/dev/null
    # A test server: no durability needed, many short-lived databases.
    cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 256MB
CONF
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w start >/dev/null
fi
echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
