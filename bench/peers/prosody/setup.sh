#!/usr/bin/env bash
# Creates a fresh Prosody run directory (bench/peers/prosody/run/) with an SQLite database holding the tables
# mod_storage_sql would create (same DDL as its create_table) and N pre-created users <prefix>0 … <prefix>N-1
# whose password equals the user name (internal_plain, stored in the "accounts" store). One SQL transaction.
# Usage: setup.sh [--users N] [--prefix bench] [--domain bench.local]
source "$(dirname "$0")/../common.sh"
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/run"
parse_setup_args "$run/prosody.pid" "$@"
rm -rf "$run"
mkdir -p "$run/data" "$run/logs" "$run/certs"
sqlite3 "$run/prosody.sqlite" <<SQL
CREATE TABLE "prosody" ("host" TEXT NOT NULL, "user" TEXT NOT NULL, "store" TEXT NOT NULL, "key" TEXT NOT NULL,
  "type" TEXT NOT NULL, "value" MEDIUMTEXT NOT NULL);
CREATE INDEX "prosody_index" ON "prosody" ("host", "user", "store", "key");
CREATE TABLE "prosodyarchive" ("sort_id" INTEGER PRIMARY KEY AUTOINCREMENT, "host" TEXT NOT NULL,
  "user" TEXT NOT NULL, "store" TEXT NOT NULL, "key" TEXT NOT NULL, "when" INTEGER NOT NULL, "with" TEXT NOT NULL,
  "type" TEXT NOT NULL, "value" MEDIUMTEXT NOT NULL);
CREATE UNIQUE INDEX "prosodyarchive_index" ON "prosodyarchive" ("host", "user", "store", "key");
CREATE INDEX "prosodyarchive_with_when" ON "prosodyarchive" ("host", "user", "store", "with", "when");
CREATE INDEX "prosodyarchive_when" ON "prosodyarchive" ("host", "user", "store", "when");
CREATE INDEX "prosodyarchive_sort" ON "prosodyarchive" ("host", "user", "store", "sort_id");
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $users - 1)
INSERT INTO "prosody" ("host", "user", "store", "key", "type", "value")
  SELECT '$domain', '$prefix' || i, 'accounts', 'password', 'string', '$prefix' || i FROM n;
COMMIT;
SQL
chown -R prosody:prosody "$run"
echo "prosody run directory ready: $(sqlite3 "$run/prosody.sqlite" "SELECT count(*) FROM prosody WHERE store = 'accounts'") users"
