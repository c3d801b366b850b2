package dev.gamesessions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The closing of one {@link SessionManager}, bounded by its shutdown timeout whatever
 * the application's listeners or the stores do: every session ends at once, then its
 * listeners run and its write is queued on the event executor's threads, each taking the
 * next session in turn and, for the first quarter of the timeout, keeping pace with the
 * store; after half the timeout, the user data of sessions
 * whose listeners have not finished is queued without them; the persister gets the rest
 * of the timeout; directory entries are released last, in the background, so that no other
 * node loads a user whose write is still queued here.
 */
final class Shutdown {

	private static final Logger logger = LoggerFactory.getLogger(Shutdown.class);

	/**
	 * How long, after the persister is done, the directory's releases and the last event
	 * deliveries may hold up the closing thread.
	 */
	private static final long MARGIN_MILLIS = 1_000;

	private static final int NAMED_STRAGGLERS = 20;

	private final Engine engine;

	Shutdown(Engine engine) {
		this.engine = engine;
	}

	FlushReport run() {
		long start = System.nanoTime();
		long timeout = this.engine.config.shutdownTimeout().toNanos();
		this.engine.closing();
		this.engine.scheduler.shutdown();
		this.engine.claims.deferReleases();
		this.engine.records.closing();
		boolean persist = this.engine.config.persistsOn(PersistTrigger.SHUTDOWN);
		List<Session> sessions = this.engine.registry.snapshot();
		destroyAll(sessions, persist, start + timeout / 4, start + timeout / 2);
		persistStragglers(sessions, persist);
		FlushReport report = this.engine.persister.close(java.time.Duration.ofNanos(Math.max(0,
				start + timeout - System.nanoTime())));
		long marginDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MARGIN_MILLIS);
		releaseDirectory(marginDeadline);
		for (FlushReport.Unwritten unwritten : report.unwritten()) {
			logger.error("User data of '{}' was not written before shutdown: {}", unwritten.userId(),
					(unwritten.cause() != null) ? unwritten.cause().toString() : "not attempted in time");
		}
		this.engine.io.shutdown();
		this.engine.events.shutdown();
		try {
			this.engine.events.awaitTermination(Math.max(0, marginDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return report;
	}

	/**
	 * Destroys the sessions: every one ends at once (no identify, resume or message any
	 * more), then the event executor's threads run their listeners and queue their writes,
	 * each thread taking the next session when it has finished one (a listener that blocks
	 * holds up one thread, not a share of the sessions). Until {@code paceUntilNanos} a
	 * thread waits before the next session while four full batches per writer are queued,
	 * so that the encoded data of every user is not in memory at once; after it, the
	 * listeners get the rest of the time to {@code deadlineNanos} however slow the store
	 * is. A session whose steps another thread is running is waited for too.
	 */
	private void destroyAll(List<Session> sessions, boolean persist, long paceUntilNanos, long deadlineNanos) {
		for (Session session : sessions) {
			session.beginShutdownDestroy(persist);
		}
		AtomicInteger next = new AtomicInteger();
		// Enough queued writes to keep every writer busy with full batches, no more.
		int backlog = 4 * this.engine.config.writeBatchSize() * this.engine.config.writeConcurrency();
		Runnable worker = () -> {
			int index;
			while ((index = next.getAndIncrement()) < sessions.size()) {
				if (persist) {
					this.engine.persister.awaitQueuedBelow(backlog, paceUntilNanos);
				}
				Session session = sessions.get(index);
				try {
					session.deliverQueued();
				}
				catch (Throwable ex) {
					// Even an Error (a class that cannot load any more, say) ends only this session's turn.
					logger.error("Destroying session {} at shutdown failed", session.maskedId(), ex);
				}
			}
		};
		int threads = Math.max(1, Math.min(this.engine.events.getMaximumPoolSize(), sessions.size()));
		List<CompletableFuture<Void>> workers = new ArrayList<>(threads);
		for (int i = 0; i < threads; i++) {
			try {
				workers.add(CompletableFuture.runAsync(worker, this.engine.events));
			}
			catch (RejectedExecutionException ex) {
				// Never on this thread: a listener that blocks must not hold up the shutdown.
				logger.warn("The event executor refused a shutdown task; sessions it does not reach are written "
						+ "without their listeners");
			}
		}
		if (!await(CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)), deadlineNanos)) {
			return;
		}
		List<CompletableFuture<Void>> elsewhere = new ArrayList<>();
		for (Session session : sessions) {
			if (session.state() != SessionState.DESTROYED) {
				elsewhere.add(session.whenDestroyed());
			}
		}
		await(CompletableFuture.allOf(elsewhere.toArray(CompletableFuture[]::new)), deadlineNanos);
	}

	/** Queues the data of users whose sessions' listeners have not finished. */
	private void persistStragglers(List<Session> sessions, boolean persist) {
		List<String> stragglers = new ArrayList<>();
		int count = 0;
		for (Session session : sessions) {
			if (session.state() == SessionState.DESTROYED) {
				continue;
			}
			count++;
			if (stragglers.size() < NAMED_STRAGGLERS) {
				stragglers.add(session.maskedId());
			}
			UserRecord record = session.userRecord();
			if (persist && record != null) {
				this.engine.records.persist(record);
			}
		}
		if (count > 0) {
			logger.warn("{} sessions had not finished their destroy halfway through the shutdown timeout (a listener "
					+ "blocks, or the store was too slow to reach them all); their user data was queued without "
					+ "waiting for their listeners: {}{}", count, stragglers,
					(count > stragglers.size()) ? " and " + (count - stragglers.size()) + " more" : "");
		}
	}

	private void releaseDirectory(long deadlineNanos) {
		ClusterCoordinator cluster = this.engine.cluster;
		if (cluster == null) {
			return;
		}
		CompletableFuture<Void> released = CompletableFuture.runAsync(() -> {
			this.engine.claims.releaseDeferred();
			cluster.close();
		}, (task) -> {
			Thread thread = new Thread(task, "game-sessions-directory-release");
			thread.setDaemon(true);
			thread.start();
		});
		if (!await(released, deadlineNanos)) {
			logger.warn("The directory did not answer in time at shutdown; this node's entries expire by themselves");
		}
	}

	private static boolean await(CompletableFuture<?> future, long deadlineNanos) {
		try {
			future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			logger.warn("Shutdown step failed: {}", String.valueOf(ex.getCause()));
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
	}

}
