#!/usr/bin/env bash
# Reliability scenarios from outside: clicker nodes started with `java -jar` on a
# redis-server of their own (port 6391), real WebSocket players, real signals.
# See docs/reliability.md.
#   benchmarks/reliability.sh steady|double-login|stalled-owner|crash|cycle|sigterm|kill-restart|
#                             redis-outage|postgres-outage|bad-input [users] [wave|seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(ls samples/clicker-game/target/sample-clicker-game-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$JAR" ] || [ ! -f benchmarks/target/classpath.txt ]; then
  ./mvnw -B -ntp -q -DskipTests -pl benchmarks,samples/clicker-game -am package
  JAR=$(ls samples/clicker-game/target/sample-clicker-game-*.jar | head -n 1)
fi
java -Dclicker.jar="$JAR" -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.gamesessions.benchmarks.reliability.ReliabilityScenarios "$@"
