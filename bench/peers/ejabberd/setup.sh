#!/usr/bin/env bash
# Creates a fresh ejabberd run directory (bench/peers/ejabberd/run/) with an SQLite database holding the schema
# that ships with the package (lite.sql) and N pre-created users <prefix>0 … <prefix>N-1 whose password equals
# the user name. One SQL transaction, so 20,000 users take well under a second.
# Usage: setup.sh [--users N] [--prefix bench]
source "$(dirname "$0")/../common.sh"
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/run"
users=2000
prefix=bench
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -f "$run/ejabberd.pid" ] && kill -0 "$(cat "$run/ejabberd.pid")" 2>/dev/null; then
  echo "ejabberd is running (pid $(cat "$run/ejabberd.pid")); stop it first" >&2
  exit 1
fi
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
