#!/usr/bin/env bash
# Run a command against PostgreSQL 15: bench/with-postgres.sh CMD [ARGS...]
#
# If DATABASE_URL already names a PostgreSQL server, the command runs against it.
# Otherwise a private cluster is started in a temporary directory on a free port,
# DATABASE_URL points at it for the command, and it is stopped and removed afterwards,
# also when the command fails or is interrupted. The command's exit status is kept.
set -euo pipefail

case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*) exec "$@" ;;
esac

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
pgdir=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres=()
if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    chown postgres: "$pgdir"
    as_postgres=(runuser -u postgres --)
fi
stop_postgres() {
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
}
trap stop_postgres EXIT
"${as_postgres[@]}" "$PG_BIN/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
    -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
echo "== PostgreSQL 15 on 127.0.0.1:$port (private, removed afterwards)"
DATABASE_URL="postgres://postgres@127.0.0.1:$port/newsroom" "$@"
