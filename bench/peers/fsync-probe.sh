#!/usr/bin/env bash
# Measures how many durable single-row SQLite commits per second this disk does right now, with SQLite's defaults
# (rollback journal, synchronous=FULL) as the peers use them, and with WAL + synchronous=FULL for comparison.
# The peers' archive-on throughput is bounded by this figure. Usage: fsync-probe.sh [commits, default 200]
source "$(dirname "$0")/common.sh"
n="${1:-200}"
dir=$(mktemp -d "$peers_dir/fsync-probe.XXXXXX")
trap 'rm -rf "$dir"' EXIT
probe() {
  local mode="$1" db="$dir/$1.db" start end
  sqlite3 "$db" "PRAGMA journal_mode=$mode; CREATE TABLE t(x);" >/dev/null
  start=$(date +%s%N)
  { echo "PRAGMA journal_mode=$mode; PRAGMA synchronous=FULL;"
    for i in $(seq 1 "$n"); do echo "INSERT INTO t VALUES($i);"; done; } | sqlite3 "$db" >/dev/null
  end=$(date +%s%N)
  echo "sqlite $mode synchronous=FULL: $(( n * 1000000000 / (end - start) )) commits/s ($n autocommit inserts)"
}
probe delete
probe wal
