package dev.gamesessions;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's timer thread: interval persistence, pruning, directory heartbeats and
 * reconnect grace windows. Its tasks only change state and queue work; application code
 * raised by them runs on the event executor, so a slow listener never delays a timer.
 */
final class SessionScheduler {

	private static final Logger logger = LoggerFactory.getLogger(SessionScheduler.class);

	private final ScheduledThreadPoolExecutor executor;

	SessionScheduler() {
		this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "game-sessions-scheduler");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	void every(Duration period, String what, Runnable task) {
		long nanos = period.toNanos();
		this.executor.scheduleWithFixedDelay(guarded(what, task), nanos, nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Runs a task once after a delay.
	 * @return the scheduled task, or {@code null} when the scheduler is shut down
	 */
	@Nullable ScheduledFuture<?> once(Duration delay, String what, Runnable task) {
		if (this.executor.isShutdown()) {
			return null;
		}
		try {
			return this.executor.schedule(guarded(what, task), delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			return null;
		}
	}

	void shutdown() {
		this.executor.shutdownNow();
	}

	private static Runnable guarded(String what, Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("Session manager {} failed", what, ex);
			}
		};
	}

}
