#!/usr/bin/env bash
# Start Debian's PostgreSQL on loopback and create the newsalert test role and database.
# Prints the SQLAlchemy URL to use (NEWSALERT_TEST_POSTGRES_URL / NEWSALERT_DATABASE_URL).
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 || true
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 && break
    sleep 1
done
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_roles WHERE rolname='newsalert'\"" | grep -q 1 \
    || su postgres -c "psql -q -p $port -c \"CREATE ROLE newsalert LOGIN PASSWORD 'newsalert'\"" >&2
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_database WHERE datname='newsalert_test'\"" | grep -q 1 \
    || su postgres -c "psql -q -p $port -c \"CREATE DATABASE newsalert_test OWNER newsalert\"" >&2
echo "postgresql+psycopg://newsalert:newsalert@127.0.0.1:$port/newsalert_test"
