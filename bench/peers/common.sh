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

# Parses the options every peer's start.sh takes into the globals archive, port, domain and wait, after checking
# that setup.sh has run ($3, a file it creates) and that the server ($2, its PID file) is not already running.
# Usage: parse_start_args DEFAULT_PORT PID_FILE SETUP_MARKER "$@"
parse_start_args() {
  port="$1"
  local pid_file="$2" marker="$3"
  shift 3
  archive=on
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
  case "$archive" in
    on | off) ;;
    *) echo "--archive must be on or off" >&2; exit 2 ;;
  esac
  [ -f "$marker" ] || { echo "run $(dirname "$marker")/../setup.sh first" >&2; exit 1; }
  refuse_if_running "$pid_file" "already running"
}

# Parses the options every peer's setup.sh takes into the globals users, prefix and domain, and refuses to wipe
# the run directory of a server that is running ($1, its PID file).
# Usage: parse_setup_args PID_FILE "$@"
parse_setup_args() {
  local pid_file="$1"
  shift
  users=2000
  prefix=bench
  domain=bench.local
  while [ $# -gt 0 ]; do
    case "$1" in
      --users) users="$2"; shift 2 ;;
      --prefix) prefix="$2"; shift 2 ;;
      --domain) domain="$2"; shift 2 ;;
      *) echo "unknown option $1" >&2; exit 2 ;;
    esac
  done
  refuse_if_running "$pid_file" "running; stop it first"
}

# Exits with $2 when the process in PID file $1 is alive.
refuse_if_running() {
  local pid_file="$1" why="$2"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "$(basename "$pid_file" .pid) is $why (pid $(cat "$pid_file"))" >&2
    exit 1
  fi
}

# Renders a peer's config template ($1) into $2, owned by user $3: @DOMAIN@, @C2S_PORT@ and @RUN_DIR@ from the
# globals domain, port and run; @MAM_MODULE@ from $4 (the archive module's config, empty with the archive off).
render_config() {
  local template="$1" out="$2" owner="$3" mam="$4" rendered
  rendered="$(sed -e "s|@DOMAIN@|$domain|g" -e "s|@C2S_PORT@|$port|g" -e "s|@RUN_DIR@|$run|g" "$template")"
  printf '%s\n' "${rendered/@MAM_MODULE@/$mam}" > "$out"
  chown "$owner:$owner" "$out"
}
