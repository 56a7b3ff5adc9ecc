# Shared helpers for the peer scripts (sourced, not executed).
# Every peer keeps its config, data, logs and PID file under bench/peers/<name>/run/ (git-ignored), so nothing
# system-wide changes beyond the Debian package itself.
set -euo pipefail

peers_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Installs Debian packages that are missing; runs `apt-get update` at most once per install call and only when
# something is missing. Debian images here carry a policy-rc.d that forbids service starts during installs; where
# one is absent we record which daemons were running before, so the caller can stop only what the install started.
install_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "already installed: $*"
    return 0
  fi
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
}

# Stops the system service a package install may have started, only if it was not running before the install.
# $1 = service name, $2 = "running-before" flag (yes/no).
stop_service_started_by_install() {
  local service="$1" before="$2"
  if [ "$before" = "no" ] && service "$service" status >/dev/null 2>&1; then
    echo "stopping the $service service that the package install started"
    service "$service" stop
  fi
}

service_running() {
  if service "$1" status >/dev/null 2>&1; then echo yes; else echo no; fi
}

# Waits until a TCP port accepts connections on 127.0.0.1, bounded by $2 seconds; gives up early when the
# process $3 (the server just started) has exited.
wait_for_port() {
  local port="$1" timeout_s="$2" pid="$3" start now
  start=$(date +%s%N)
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "server process $pid exited before opening port $port" >&2
      return 1
    fi
    now=$(date +%s%N)
    if [ $(( (now - start) / 1000000000 )) -ge "$timeout_s" ]; then
      echo "port $port did not open within ${timeout_s}s" >&2
      return 1
    fi
    sleep 0.01
  done
}

# Kills the process recorded in a PID file (and only it), waiting up to 20 s before SIGKILL.
stop_pid_file() {
  local pid_file="$1" pid
  if [ ! -f "$pid_file" ]; then
    echo "not running (no $pid_file)"
    return 0
  fi
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 200); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "pid $pid ignored SIGTERM for 20 s; sending SIGKILL" >&2
      kill -9 "$pid"
    fi
  fi
  rm -f "$pid_file"
  echo "stopped pid $pid"
}
