#!/usr/bin/env bash
# Compares the server's start cost in three class-loading modes, alternating them so a changing machine load hits
# all three alike: no archive, a dynamic CDS archive (what ./parley uses) and a JDK 25 AOT cache. Each start runs
# `dev.parley.server.Main server` on one data directory until GET /health answers 200 and prints the wall time and
# the server's CPU time (user + system, all threads) until then. Usage: bench/scripts/startup-modes.sh [rounds]
# (default 3; needs a built tree: ./parley build). Loopback only; every server it starts is stopped by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/*25* | head -1)}"
CP="$(ls "$ROOT"/server/target/parley-server-*-SNAPSHOT.jar | grep -v tests):$ROOT/server/target/lib/*"
WORK="$(mktemp -d)"
PORT="${PORT:-18600}"
trap 'rm -rf "$WORK"' EXIT

start_once() {
  local label="$1" pid begin end cpu
  shift
  "$JAVA_HOME/bin/java" -XX:+UseZGC -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED "$@" \
    -cp "$CP" dev.parley.server.Main server --port "$PORT" --data-dir "$WORK/data" >"$WORK/$label.log" 2>&1 &
  pid=$!
  begin=$(date +%s%N)
  for _ in $(seq 1 6000); do
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "$label: server exited, see its log:" >&2; cat "$WORK/$label.log" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  cpu=$(awk '{print ($14 + $15) * 10}' "/proc/$pid/stat")
  printf '%-6s wall %6d ms  cpu %6d ms  load %s\n' "$label" $(((end - begin) / 1000000)) "$cpu" "$(cut -d' ' -f1 /proc/loadavg)"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

start_once train-cds -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$WORK/server.jsa"
start_once train-aot -XX:AOTCacheOutput="$WORK/server.aot"
for _ in $(seq 1 "${1:-3}"); do
  start_once none
  start_once cds -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$WORK/server.jsa"
  start_once aot -XX:AOTCache="$WORK/server.aot"
done
