#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL cluster (the table hub's tests):
#   tests/pg/with-postgres.sh [--port N] COMMAND [ARGS...]
#
# Installs Debian's `postgresql` package when missing (as `make system-deps` does), runs initdb
# in a temporary directory (as the `postgres` user when run as root: initdb refuses root), with
# TLS (a self-signed certificate for localhost) and password logins (scram-sha-256), starts it on
# a local port (TAFEL_PG_PORT, default 55460) and exports
#   TAFEL_TEST_PG  the superuser's URL (postgres://tafel_admin:…@localhost:PORT/postgres?sslmode=require&sslrootcert=…)
# for the tests, runs COMMAND, and stops and deletes the cluster on exit, whatever happens.
# When PostgreSQL cannot be installed or started, it fails: the hub's tests are never skipped.
set -euo pipefail

port="${TAFEL_PG_PORT:-55460}"
if [ "${1:-}" = "--port" ]; then port="$2"; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [--port N] COMMAND [ARGS...]" >&2; exit 2; }

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

bindir=""
find_bindir() {
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$bindir" ] && [ -x "$bindir/initdb" ]
}
if ! find_bindir; then
    echo "Debian-pakket installeren: postgresql"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql openssl
    # Debian's package starts its own cluster on 5432; the tests use their own.
    find_bindir || { echo "PostgreSQL is not installed; the hub's tests cannot run." >&2; exit 1; }
fi
command -v openssl >/dev/null || { echo "openssl ontbreekt (apt-get install openssl)" >&2; exit 1; }

dir=$(mktemp -d /tmp/tafel-pg.XXXXXX)
data="$dir/data"
as_pg=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
    as_pg=(runuser -u postgres --)
fi

stop() {
    local rc=$?
    if [ -f "$data/postmaster.pid" ]; then
        "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    exit $rc
}
trap stop EXIT INT TERM

password=$(openssl rand -hex 16)
printf '%s\n' "$password" >"$dir/pw"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1
chmod 600 "$dir/server.key"
chmod 755 "$dir"
[ ${#as_pg[@]} -eq 0 ] || chown -R postgres "$dir"

"${as_pg[@]}" "$bindir/initdb" -D "$data" -U tafel_admin --pwfile="$dir/pw" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = 'localhost'
port = $port
unix_socket_directories = '$dir'
ssl = on
ssl_cert_file = '$dir/server.crt'
ssl_key_file = '$dir/server.key'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
"${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -o "-p $port -k $dir" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }

export TAFEL_TEST_PG="postgres://tafel_admin:$password@localhost:$port/postgres?sslmode=require&sslrootcert=$dir/server.crt"
export TAFEL_TEST_PG_LOG="$dir/server.log"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') op localhost:$port (TLS), tijdelijk in $dir"
set +e
"$@"
