#!/usr/bin/env bash
# Runs one benchmark (or all of them) in plain JVMs with fixed heaps; see docs/benchmarks.md.
#   benchmarks/run.sh redis|redis-layouts|postgres|engine|shutdown|websocket|chart|all [--option=value ...]
# Build first: ./mvnw -q package -DskipTests -pl benchmarks -am   (writes benchmarks/target/classpath.txt)
set -euo pipefail
cd "$(dirname "$0")/.."

CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
JAVA="${JAVA:-java}"
PKG=dev.gamesessions.benchmarks
run() { local heap=$1 main=$2; shift 2; "$JAVA" "-Xmx$heap" -XX:+UseG1GC $JAVA_OPTS_EXTRA -cp "$CP" "$main" "$@"; }
JAVA_OPTS_EXTRA="${BENCH_JAVA_OPTS:-}"

what="${1:-}"; shift || true
case "$what" in
  redis)     run 2g  $PKG.RedisPersistBenchmark "$@" ;;
  redis-layouts) run 1g $PKG.RedisLayoutBenchmark "$@" ;;
  postgres)  run 2g  $PKG.JdbcPersistBenchmark "$@" ;;
  shutdown)  run 4g  $PKG.ShutdownFlushBenchmark "$@" ;;
  engine)    run 1g  $PKG.EngineBenchmarks "$@" ;;
  websocket) run 512m $PKG.WebSocketBenchmark "$@" ;;
  chart)     run 256m $PKG.ChartWriter "$@" ;;
  all)
    for b in engine redis postgres shutdown websocket chart; do "$0" "$b"; done ;;
  *) echo "usage: $0 redis|redis-layouts|postgres|engine|shutdown|websocket|chart|all [--option=value ...]" >&2; exit 2 ;;
esac
