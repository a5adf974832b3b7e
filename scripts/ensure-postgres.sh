#!/usr/bin/env bash
# Make sure the PostgreSQL server behind $1 (a postgres:// URL) answers, starting the local
# cluster when it is not running. Fails loudly, never skips.
set -euo pipefail
url="${1:?usage: ensure-postgres.sh postgres://user:password@host:port/db}"
hostport="${url#*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$hostport" ] && port=5432
creds="${url#*://}"; creds="${creds%%@*}"; user="${creds%%:*}"; password="${creds#*:}"

answers() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }

if ! answers && [ "$host" = "127.0.0.1" -o "$host" = "localhost" ]; then
  if command -v pg_ctlcluster >/dev/null; then
    version="$(ls /etc/postgresql | sort -V | tail -n1)"
    echo "Starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do answers && break; sleep 1; done
  fi
fi
if ! answers; then
  echo "error: PostgreSQL at $host:$port does not answer; the test suite needs it (DATABASE_URL=$url)." >&2
  exit 1
fi
# Local clusters differ in authentication (trust or password): give the role the password the URL
# names, so the URL works under both.
if [ "$host" = "127.0.0.1" -o "$host" = "localhost" ] && [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then
  su postgres -c "psql -q -c \"ALTER USER \\\"$user\\\" PASSWORD '$password'\"" >/dev/null 2>&1 || true
fi
if ! PGPASSWORD="$password" psql -q -h "$host" -p "$port" -U "$user" -d postgres -c 'select 1' >/dev/null; then
  echo "error: cannot log in to PostgreSQL at $host:$port as $user." >&2
  exit 1
fi
