#!/usr/bin/env bash
# Creates a fresh ejabberd run directory (bench/peers/ejabberd/run/) with an SQLite database holding the schema
# that ships with the package (lite.sql) and N pre-created users <prefix>0 … <prefix>N-1 whose password equals
# the user name. One SQL transaction, so 20,000 users take well under a second.
# Usage: setup.sh [--users N] [--prefix bench]
source "$(dirname "$0")/../common.sh"
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/run"
parse_setup_args "$run/ejabberd.pid" "$@"
rm -rf "$run"
mkdir -p "$run/spool" "$run/logs"
sqlite3 "$run/ejabberd.db" < /usr/share/ejabberd/sql/lite.sql
sqlite3 "$run/ejabberd.db" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $users - 1)
INSERT INTO users(username, password) SELECT '$prefix' || i, '$prefix' || i FROM n;
COMMIT;
SQL
chown -R ejabberd:ejabberd "$run"
echo "ejabberd run directory ready: $(sqlite3 "$run/ejabberd.db" 'SELECT count(*) FROM users') users"
