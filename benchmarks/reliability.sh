#!/usr/bin/env bash
# Reliability scenarios from outside: two clicker nodes on a redis-server of their own
# (port 6391), real WebSocket players, real signals. See docs/reliability.md.
#   benchmarks/reliability.sh double-login|stalled-owner|crash|cycle [users] [wave|seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f samples/clicker-game/target/classpath.txt ] || [ ! -f benchmarks/target/classpath.txt ]; then
  ./mvnw -B -ntp -q -DskipTests -pl benchmarks,samples/clicker-game -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt
fi
SAMPLE_CP="samples/clicker-game/target/classes:$(cat samples/clicker-game/target/classpath.txt)"
java -Dclicker.classpath="$SAMPLE_CP" -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.gamesessions.benchmarks.reliability.ReliabilityScenarios "$@"
