#!/usr/bin/env bash
# Starts a private ejabberd node as the unprivileged `ejabberd` user, without Erlang distribution (so it neither
# needs nor touches epmd), with config, Mnesia spool, logs, SQLite database and PID file under run/.
# Waits until the c2s port accepts connections (unless --no-wait) and prints the server PID.
# Usage: start.sh [--archive on|off] [--port 15222] [--domain bench.local] [--no-wait]
source "$(dirname "$0")/../common.sh"
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/run"
parse_start_args 15222 "$run/ejabberd.pid" "$run/ejabberd.db" "$@"
case "$archive" in
  # default: always archives every message of every user (XEP-0313 archive, stored in SQLite).
  on) mam=$'  mod_mam:\n    db_type: sql\n    default: always' ;;
  off) mam='' ;;
esac
render_config "$here/ejabberd.yml.template" "$run/ejabberd.yml" ejabberd "$mam"
mkdir -p "$run/spool" && chown ejabberd:ejabberd "$run/spool"

# setsid (the job is not a process-group leader, so it does not fork), setpriv and env exec in place, and so do
# /usr/bin/erl and erlexec, so $! is the beam.smp PID itself. setsid gives the daemon its own session, as a
# service manager would: with kernel autogroup scheduling the server then does not share the CPU slice of the
# shell that runs the load generator.
cd "$run"
setsid setpriv --reuid=ejabberd --regid=ejabberd --init-groups -- env -i \
  HOME="$run" PATH=/usr/bin:/bin \
  ERL_LIBS=/usr/lib/x86_64-linux-gnu \
  EJABBERD_CONFIG_PATH="$run/ejabberd.yml" \
  EJABBERD_LOG_PATH="$run/logs/ejabberd.log" \
  ERL_CRASH_DUMP="$run/logs/erl_crash.dump" \
  ERL_MAX_PORTS=32000 ERL_MAX_ETS_TABLES=1400 \
  /usr/bin/erl +K true +P 250000 -noinput -noshell \
  -mnesia dir "\"$run/spool\"" -s ejabberd \
  >"$run/logs/stdout.log" 2>&1 &
pid=$!
echo "$pid" > "$run/ejabberd.pid"
if [ "$wait" = yes ]; then
  if ! wait_for_port "$port" 60 "$pid"; then
    tail -n 30 "$run/logs/"*.log >&2
    exit 1
  fi
fi
echo "$pid"
