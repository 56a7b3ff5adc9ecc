#!/usr/bin/env bash
# Starts a private Prosody as the unprivileged `prosody` user in the foreground of a background job, with config,
# data, logs, SQLite database and PID file under run/. Waits until the c2s port accepts connections (unless
# --no-wait) and prints the server PID.
# Usage: start.sh [--archive on|off] [--port 25222] [--domain bench.local] [--no-wait]
source "$(dirname "$0")/../common.sh"
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/run"
parse_start_args 25222 "$run/prosody.pid" "$run/prosody.sqlite" "$@"
case "$archive" in
  on) mam='  "mam";' ;;
  off) mam='' ;;
esac
render_config "$here/prosody.cfg.lua.template" "$run/prosody.cfg.lua" prosody "$mam"

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
