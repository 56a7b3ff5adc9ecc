#!/usr/bin/env bash
# Starts a private Prosody as the unprivileged `prosody` user in the foreground of a background job, with config,
# data, logs, SQLite database and PID file under run/. Waits until the c2s port accepts connections (unless
# --no-wait) and prints the server PID.
# Usage: start.sh [--archive on|off] [--port 25222] [--domain bench.local] [--no-wait]
source "$(dirname "$0")/../common.sh"
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/run"
archive=on
port=25222
domain=bench.local
wait=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --archive) archive="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --domain) domain="$2"; shift 2 ;;
    --no-wait) wait=no; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$run/prosody.sqlite" ] || { echo "run $here/setup.sh first" >&2; exit 1; }
if [ -f "$run/prosody.pid" ] && kill -0 "$(cat "$run/prosody.pid")" 2>/dev/null; then
  echo "already running: pid $(cat "$run/prosody.pid")" >&2
  exit 1
fi
case "$archive" in
  on) mam='  "mam";' ;;
  off) mam='' ;;
  *) echo "--archive must be on or off" >&2; exit 2 ;;
esac
template="$here/prosody.cfg.lua.template"
rendered="$(sed -e "s|@DOMAIN@|$domain|g" -e "s|@C2S_PORT@|$port|g" -e "s|@RUN_DIR@|$run|g" "$template")"
printf '%s\n' "${rendered/@MAM_MODULE@/$mam}" > "$run/prosody.cfg.lua"
chown prosody:prosody "$run/prosody.cfg.lua"

# setsid (the job is not a process-group leader, so it does not fork), setpriv, env and the prosody launcher (a Lua
# script run by lua5.4 via its shebang) exec in place, so $! is the server process itself. setsid gives the daemon
# its own session, as a service manager would: with kernel autogroup scheduling the server then does not share the
# CPU slice of the shell that runs the load generator.
cd "$run"
setsid setpriv --reuid=prosody --regid=prosody --init-groups -- env -i HOME="$run" PATH=/usr/bin:/bin \
  /usr/bin/prosody --config "$run/prosody.cfg.lua" -F >"$run/logs/stdout.log" 2>&1 &
pid=$!
echo "$pid" > "$run/prosody.pid"
if [ "$wait" = yes ]; then
  if ! wait_for_port "$port" 30 "$pid"; then
    tail -n 30 "$run/logs/"* >&2
    exit 1
  fi
fi
echo "$pid"
