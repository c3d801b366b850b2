package dev.gamesessions.autoconfigure.websocket;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * One kind of expected trouble (a player's unreadable message, a store that does not
 * answer) logged as one WARN line without a stack trace, at most once per interval for the
 * whole node, counting the ones in between: a client that floods bad input, or a thousand
 * connections during an outage, cannot flood the log.
 */
public final class RateLimitedWarnings {

	private final Logger logger;

	private final long intervalNanos;

	private final AtomicLong nextReport = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong unreported = new AtomicLong();

	/**
	 * Creates a limiter for one kind of trouble.
	 * @param logger the logger to warn on
	 * @param interval the least time between two warnings
	 * @param unit the unit of the interval
	 */
	public RateLimitedWarnings(Logger logger, long interval, TimeUnit unit) {
		this.logger = logger;
		this.intervalNanos = unit.toNanos(interval);
	}

	/**
	 * Logs a warning unless one was logged less than an interval ago.
	 * @param what what happened, without secrets
	 */
	public void report(String what) {
		long now = System.nanoTime();
		long next = this.nextReport.get();
		if ((next == Long.MIN_VALUE || now - next >= 0) && this.nextReport.compareAndSet(next, now + this.intervalNanos)) {
			long more = this.unreported.getAndSet(0);
			this.logger.warn("{}{}", what, (more > 0) ? " (and " + more + " more like it since the last report)"
					: "");
		}
		else {
			this.unreported.incrementAndGet();
		}
	}

}
