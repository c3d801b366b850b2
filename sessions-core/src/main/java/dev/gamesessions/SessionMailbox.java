package dev.gamesessions;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's steps (event deliveries and the lifecycle work that follows them)
 * one at a time, in the order they were posted, without any lock held.
 * <p>
 * {@link #run()} runs the posted steps on the calling thread, unless another thread is
 * already running this session's steps, or the calling thread is itself inside one of
 * them (a listener that acts on its own session): that runner then runs the new steps
 * after its current one, so steps are never nested and never run concurrently. Posting
 * under the session's lock and running after releasing it makes the order of steps the
 * order of the state transitions that posted them.
 */
final class SessionMailbox {

	private static final Logger logger = LoggerFactory.getLogger(SessionMailbox.class);

	private final Queue<Runnable> steps = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean();

	/** Queues a step; it runs at the next {@link #run()} of any thread. */
	void post(Runnable step) {
		this.steps.add(step);
	}

	/** Runs the queued steps here unless they are being run elsewhere (see the class doc). */
	void run() {
		while (!this.steps.isEmpty() && this.running.compareAndSet(false, true)) {
			try {
				Runnable step;
				while ((step = this.steps.poll()) != null) {
					try {
						step.run();
					}
					catch (RuntimeException ex) {
						logger.error("A session step failed", ex);
					}
				}
			}
			finally {
				this.running.set(false);
			}
		}
	}

	/**
	 * Runs the queued steps on an executor, for steps raised by the engine's own threads
	 * (timers, other nodes' requests, shutdown), which must not run application code. Runs
	 * them here when the executor refuses (it is shut down).
	 */
	void runOn(Executor executor) {
		if (this.steps.isEmpty()) {
			return;
		}
		try {
			executor.execute(this::run);
		}
		catch (RejectedExecutionException ex) {
			run();
		}
	}

}
