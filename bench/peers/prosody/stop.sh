#!/usr/bin/env bash
# Stops the Prosody that start.sh started (its PID file only).
source "$(dirname "$0")/../common.sh"
stop_pid_file "$(cd "$(dirname "$0")" && pwd)/run/prosody.pid"
