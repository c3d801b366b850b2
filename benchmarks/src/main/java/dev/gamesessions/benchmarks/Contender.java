package dev.gamesessions.benchmarks;

import java.util.function.LongSupplier;

/**
 * One contender of a persistence benchmark. The benchmarks run the contenders in turns
 * (a warm-up round of each, then round after round of each in the same order), so that
 * whatever else the machine does falls on all of them alike; each reports its median
 * round.
 *
 * @param name what is measured
 * @param prepare runs before each of its rounds, untimed
 * @param timed runs one round and returns its nanoseconds
 */
record Contender(String name, Runnable prepare, LongSupplier timed) {
}
