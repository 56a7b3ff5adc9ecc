#!/usr/bin/env bash
# Runs the peer comparison on this machine: for ejabberd and Prosody, each with the message archive on (durable)
# and off (best case): startup time, the messaging rate ladder (stepping the offered rate up until delivery falls
# behind) and idle memory at 1,000 and 5,000 connections. Results: bench/results/xmpp-*.json; summary on stdout.
# Usage: bench/peers/run-peers.sh [ejabberd|prosody …]   (default both; run from anywhere, as root)
# Environment: CLIENTS (200), DURATION (15 s per step), IDLE_STEPS (1000,5000), SKIP_IDLE=1, SKIP_STARTUP=1,
#              RATES_ON / RATES_OFF (space-separated ladders).
source "$(dirname "$0")/common.sh"
root="$(cd "$peers_dir/../.." && pwd)"
cd "$root"
peers=("$@")
[ "${#peers[@]}" -gt 0 ] || peers=(ejabberd prosody)
clients="${CLIENTS:-200}"
duration="${DURATION:-15}"
idle_steps="${IDLE_STEPS:-1000,5000}"
rates_on=(${RATES_ON:-5 10 20 40 80 150 300 600})
rates_off=(${RATES_OFF:-200 400 700 1000 1500 2000 3000 4000 6000 8000 12000 16000})
users=$(( $(echo "$idle_steps" | tr ',' '\n' | sort -n | tail -n 1) ))
[ "$users" -ge "$clients" ] || users="$clients"
bench="$peers_dir/xmpp-bench.sh"

port_of() { case "$1" in ejabberd) echo 15222 ;; prosody) echo 25222 ;; esac; }
pid_file_of() { echo "$peers_dir/$1/run/$1.pid"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1024) " MiB"}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$peers_dir/fsync-probe.sh" 100

for peer in "${peers[@]}"; do
  port=$(port_of "$peer")
  "$peers_dir/$peer/install.sh"
  "$peers_dir/$peer/setup.sh" --users "$users"
  if [ "${SKIP_STARTUP:-0}" != 1 ]; then
    "$bench" startup --port "$port" --label "$peer" --runs 3 \
      --start-command "$peers_dir/$peer/start.sh --archive on --no-wait" --stop-command "$peers_dir/$peer/stop.sh"
  fi
  for archive in on off; do
    label="$peer-archive-$archive"
    if [ "$archive" = on ]; then rates=("${rates_on[@]}"); else rates=("${rates_off[@]}"); fi
    best=none
    for rate in "${rates[@]}"; do
      # A fresh server per step, so one step's backlog (offline queue, archive growth) cannot slow the next.
      "$peers_dir/$peer/setup.sh" --users "$users" >/dev/null
      "$peers_dir/$peer/start.sh" --archive "$archive" >/dev/null
      status=0
      "$bench" messaging --port "$port" --clients "$clients" --rate "$rate" --duration "$duration" \
        --label "$label-$rate" --server-pid-file "$(pid_file_of "$peer")" || status=$?
      "$peers_dir/$peer/stop.sh" >/dev/null
      if [ "$status" -eq 0 ]; then best="$rate"; elif [ "$status" -eq 3 ]; then break; else exit "$status"; fi
    done
    echo "== $label: highest sustained offered rate: $best msgs/s"
    # Idle memory is measured in the durable configuration only (the archive holds no per-connection state).
    if [ "${SKIP_IDLE:-0}" != 1 ] && [ "$archive" = on ]; then
      "$peers_dir/$peer/start.sh" --archive "$archive" >/dev/null
      "$bench" idle --port "$port" --steps "$idle_steps" --label "$label" --server-pid-file "$(pid_file_of "$peer")"
      "$peers_dir/$peer/stop.sh" >/dev/null
    fi
  done
done
