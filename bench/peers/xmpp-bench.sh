#!/usr/bin/env bash
# Runs the XMPP load generator (dev.parley.bench.xmpp.XmppBench) from the packaged bench module.
# Build first: mvn -B -q -pl bench -am package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=$(ls "$root"/bench/target/parley-bench-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1)
[ -n "$jar" ] || { echo "bench jar missing: mvn -B -q -pl bench -am package -DskipTests" >&2; exit 1; }
cd "$root"
exec "$java_home/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xms256m -Xmx1g -cp "$jar:$root/bench/target/lib/*" dev.parley.bench.xmpp.XmppBench "$@"
