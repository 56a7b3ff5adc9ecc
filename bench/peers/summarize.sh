#!/usr/bin/env bash
# Prints the peer table from the JSON results of run-peers.sh: per peer and archive mode the highest offered rate
# that kept up with its delivered rate and latency, idle RSS per connection at each step, and startup time.
# Usage: bench/peers/summarize.sh [results-dir, default bench/results]   (needs jq)
source "$(dirname "$0")/common.sh"
dir="${1:-$peers_dir/../results}"
command -v jq >/dev/null || { echo "summarize.sh needs jq (apt-get install -y jq)" >&2; exit 1; }
printf '%-22s %10s %12s %9s %9s %9s %9s %9s\n' "peer / archive" "offered/s" "delivered/s" "p50 ms" "p99 ms" "p99.9 ms" "gen CPU" "srv CPU"
for peer in ejabberd prosody; do
  for archive in on off; do
    best=$(for f in "$dir"/xmpp-messaging-"$peer"-archive-"$archive"-*.json; do
      [ -f "$f" ] || continue
      jq -r 'select(.keptUp) | [.offeredRatePerSecond, .deliveredPerSecond, .latencyMs.p50, .latencyMs.p99, .latencyMs.p999, .generatorCpuCores, (.serverCpuCores // "-")] | @tsv' "$f"
    done | sort -n -k1,1 | tail -n 1)
    if [ -n "$best" ]; then
      # shellcheck disable=SC2086
      printf '%-22s %10s %12s %9s %9s %9s %9s %9s\n' "$peer / $archive" $best
    else
      printf '%-22s %10s\n' "$peer / $archive" "none kept up"
    fi
  done
done
echo
printf '%-22s %12s %16s %18s\n' "idle" "connections" "RSS KiB/conn" "TCP mem KiB/conn"
for f in "$dir"/xmpp-idle-*.json; do
  [ -f "$f" ] || continue
  label=$(basename "$f" | sed -E 's/^xmpp-idle-(.*)-[0-9]{8}-[0-9]{6}\.json$/\1/')
  jq -r --arg l "$label" '.steps[] | [$l, .connections, .serverRssPerConnectionKiB, .tcpSocketMemoryPerConnectionKiB] | @tsv' "$f" |
    while IFS=$'\t' read -r l c r t; do printf '%-22s %12s %16s %18s\n' "$l" "$c" "$r" "$t"; done
done
echo
printf '%-22s %12s %12s\n' "startup" "median ms" "min ms"
for f in "$dir"/xmpp-startup-*.json; do
  [ -f "$f" ] || continue
  label=$(basename "$f" | sed -E 's/^xmpp-startup-(.*)-[0-9]{8}-[0-9]{6}\.json$/\1/')
  jq -r --arg l "$label" '[$l, .medianMs, .minMs] | @tsv' "$f" | while IFS=$'\t' read -r l m n; do printf '%-22s %12s %12s\n' "$l" "$m" "$n"; done
done
