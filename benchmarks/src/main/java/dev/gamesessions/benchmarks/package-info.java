/**
 * Benchmarks and load tools: JMH benchmarks of the engine, persistence runs against
 * local Redis and PostgreSQL beside Spring Session, and a WebSocket load driver.
 * Started by {@code benchmarks/run.sh}; see {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.gamesessions.benchmarks;

import org.jspecify.annotations.NullMarked;
