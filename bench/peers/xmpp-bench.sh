#!/usr/bin/env bash
# Runs the XMPP load generator (dev.parley.bench.xmpp.XmppBench) from the packaged bench module.
# Build first: mvn -B -q -pl bench -am package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=$(ls "$root"/bench/target/parley-bench-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1)
[ -n "$jar" ] || { echo "bench jar missing: mvn -B -q -pl bench -am package -DskipTests" >&2; exit 1; }
cd "$root"
# C1 only and the serial collector: the measurement windows are seconds long, and C2 compilation and parallel GC
# threads would otherwise be charged to the generator (measured: 0.19 → 0.08 cores at 300 msgs/s).
exec "$java_home/bin/java" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms256m -Xmx1g -cp "$jar:$root/bench/target/lib/*" dev.parley.bench.xmpp.XmppBench "$@"
