package dev.gamesessions.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Work over the indices {@code 0..count-1} split into one contiguous range per thread,
 * the way a server's request threads each save their own players.
 */
final class Parallel {

	private Parallel() {
	}

	/**
	 * Runs {@code work} for every index on {@code threads} threads (each index on one
	 * thread, in order within a range).
	 * @return the nanoseconds from the start of the first thread to the end of the last
	 */
	static long time(int threads, int count, IntConsumer work) {
		return timeRanges(threads, count, (from, to) -> {
			for (int i = from; i < to; i++) {
				work.accept(i);
			}
		});
	}

	/**
	 * Runs {@code work} once per thread with its range {@code [from, to)}.
	 * @return the nanoseconds from the start of the first thread to the end of the last
	 */
	static long timeRanges(int threads, int count, RangeWork work) {
		CountDownLatch start = new CountDownLatch(1);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> workers = new ArrayList<>(threads);
		for (int t = 0; t < threads; t++) {
			int from = (int) ((long) count * t / threads);
			int to = (int) ((long) count * (t + 1) / threads);
			Thread worker = new Thread(() -> {
				try {
					start.await();
					work.run(from, to);
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			}, "bench-worker-" + t);
			worker.start();
			workers.add(worker);
		}
		long begin = System.nanoTime();
		start.countDown();
		for (Thread worker : workers) {
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		long nanos = System.nanoTime() - begin;
		if (failure.get() != null) {
			throw new IllegalStateException("A benchmark thread failed", failure.get());
		}
		return nanos;
	}

	/** The work of one thread. */
	@FunctionalInterface
	interface RangeWork {

		void run(int from, int to) throws Exception;

	}

}
