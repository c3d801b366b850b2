package dev.gamesessions.autoconfigure.websocket;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs players' mistakes (a message the game cannot read) as one WARN line without a stack
 * trace, at most once per interval for the whole node, counting the ones in between: a
 * client that floods bad input cannot flood the log.
 */
final class ClientMistakes {

	private final Logger logger;

	private final long intervalNanos;

	private final AtomicLong nextReport = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong unreported = new AtomicLong();

	ClientMistakes(Logger logger, long interval, TimeUnit unit) {
		this.logger = logger;
		this.intervalNanos = unit.toNanos(interval);
	}

	/**
	 * Reports a mistake unless one was reported less than an interval ago.
	 * @param what the mistake, without secrets
	 */
	void report(String what) {
		long now = System.nanoTime();
		long next = this.nextReport.get();
		if ((next == Long.MIN_VALUE || now - next >= 0) && this.nextReport.compareAndSet(next, now + this.intervalNanos)) {
			long more = this.unreported.getAndSet(0);
			this.logger.warn("{}{}", what, (more > 0) ? " (and " + more + " more client mistakes since the last report)"
					: "");
		}
		else {
			this.unreported.incrementAndGet();
		}
	}

}
