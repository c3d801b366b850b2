package dev.gamesessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes user data behind the callers' backs: worker threads take queued snapshots in
 * batches, oldest first, and hand each batch to the store in one call.
 * <p>
 * {@link SessionManagerConfig#writeConcurrency()} workers keep up to that many batches in
 * flight, so that one batch is built and sent while the store works on another; a worker
 * starts a batch while another is in flight only once a full batch is queued, so that a
 * trickle of writes makes few large batches. Per user
 * only the newest snapshot is kept (a newer one supersedes an unsent older one, whose
 * waiters then wait for the newer), and a user is in at most one batch in flight, so a
 * user's writes are never reordered. A failed batch goes back to the head of the queue and
 * is retried with exponential backoff until it succeeds or the persister is closed.
 */
final class WriteBehindPersister {

	private static final Logger logger = LoggerFactory.getLogger(WriteBehindPersister.class);

	private final UserDataStore store;

	private final SessionManagerConfig config;

	/** The builder's observer and those added later; called on the writer threads. */
	private final List<PersistenceObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final Consumer<SessionEvent> events;

	private final Clock clock;

	private final Ticker ticker;

	private volatile WriteFence fence = WriteFence.NONE;

	private final Object lock = new Object();

	/** Queued, not yet sent, oldest first; guarded by lock. */
	private final LinkedHashMap<String, PendingWrite> pending = new LinkedHashMap<>();

	/**
	 * Writes of a failed batch, resent before anything newer of the same users: the store may
	 * have applied them before failing, and only resending them (idempotently) tells which
	 * version the store now holds. Guarded by lock.
	 */
	private LinkedHashMap<String, PendingWrite> retries = new LinkedHashMap<>();

	/** Sent and not yet answered; guarded by lock. */
	private final Map<String, PendingWrite> inFlight = new HashMap<>();

	/** Guarded by lock. */
	private boolean stopped;

	/** Guarded by lock: no attempt before this time (nanoTime) after a failure. */
	private long nextAttemptNanos;

	/** Guarded by lock. */
	private int consecutiveFailures;

	private volatile @Nullable Throwable lastFailure;

	private volatile @Nullable Instant lastFailureAt;

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final List<Thread> workers;

	WriteBehindPersister(UserDataStore store, SessionManagerConfig config, PersistenceObserver observer,
			Consumer<SessionEvent> events, Clock clock, Ticker ticker) {
		this.store = store;
		this.config = config;
		if (observer != PersistenceObserver.NONE) {
			this.observers.add(observer);
		}
		this.events = events;
		this.clock = clock;
		this.ticker = ticker;
		int count = config.writeConcurrency();
		List<Thread> threads = new ArrayList<>(count);
		for (int i = 1; i <= count; i++) {
			String name = (count == 1) ? "game-sessions-persister" : "game-sessions-persister-" + i;
			Thread worker = new Thread(this::run, name);
			worker.setDaemon(true);
			threads.add(worker);
		}
		this.workers = List.copyOf(threads);
		this.workers.forEach(Thread::start);
	}

	/**
	 * Queues the newest encoded data of a user.
	 * @return completes when that data (or newer data of the same user) is durable;
	 * {@code null} when the persister has stopped and queued nothing
	 */
	@Nullable CompletableFuture<Void> enqueue(UserRecord record, String encoded) {
		PendingWrite write = new PendingWrite(record, encoded);
		synchronized (this.lock) {
			if (this.stopped) {
				return null;
			}
			PendingWrite superseded = this.pending.put(record.userId(), write);
			if (superseded != null) {
				write.absorb(superseded);
			}
			if (this.inFlight.isEmpty() || queued() >= this.config.writeBatchSize()) {
				this.lock.notifyAll();
			}
		}
		return write.future;
	}

	Subscription addObserver(PersistenceObserver observer) {
		java.util.Objects.requireNonNull(observer, "observer");
		this.observers.add(observer);
		return () -> this.observers.remove(observer);
	}

	/** Checks this node still holds its users before each batch (with a directory). */
	void fence(WriteFence fence) {
		this.fence = fence;
	}

	/**
	 * The future of the newest queued or in-flight write of a user.
	 * @return a completed future when nothing is queued for the user
	 */
	CompletableFuture<Void> pendingFuture(String userId) {
		synchronized (this.lock) {
			PendingWrite write = newest(userId);
			return (write != null) ? write.future : CompletableFuture.completedFuture(null);
		}
	}

	/**
	 * The record of a user with a queued or in-flight write: the newest truth about that
	 * user on this node, even when no session holds it.
	 */
	@Nullable UserRecord queuedRecord(String userId) {
		synchronized (this.lock) {
			PendingWrite write = newest(userId);
			return (write != null) ? write.record : null;
		}
	}

	/** The newest write of a user not yet answered by the store; guarded by lock. */
	private @Nullable PendingWrite newest(String userId) {
		PendingWrite write = this.pending.get(userId);
		if (write == null) {
			write = this.retries.get(userId);
		}
		if (write == null) {
			write = this.inFlight.get(userId);
		}
		return write;
	}

	/**
	 * Waits until nothing is queued or in flight, at most {@code timeout}.
	 */
	FlushReport flush(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			// Workers re-read the ticker: one that moved (in a test) ends a backoff at once.
			this.lock.notifyAll();
			waitWhile(() -> !this.pending.isEmpty() || !this.retries.isEmpty() || !this.inFlight.isEmpty(),
					deadline);
			return reportUnwritten();
		}
	}

	/**
	 * Waits while {@code limit} or more writes are queued and not in flight, at most until
	 * {@code deadlineNanos} ({@link System#nanoTime()}), and not at all while the store
	 * fails: lets a producer of many writes (the shutdown) keep pace with the store rather
	 * than hold every user's encoded data in memory at once.
	 */
	void awaitQueuedBelow(int limit, long deadlineNanos) {
		synchronized (this.lock) {
			waitWhile(() -> queued() >= limit && !this.stopped && this.consecutiveFailures == 0, deadlineNanos);
		}
	}

	/** Waits on the lock while {@code condition} holds, at most until the deadline; holds the lock. */
	private void waitWhile(BooleanSupplier condition, long deadlineNanos) {
		while (condition.getAsBoolean()) {
			long remaining = deadlineNanos - System.nanoTime();
			if (remaining <= 0) {
				return;
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this.lock, remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Flushes within {@code timeout}, then stops the worker. Writes still queued are
	 * abandoned: their futures fail and a {@link SessionEvent.PersistFailed} is published
	 * for each.
	 */
	FlushReport close(Duration timeout) {
		FlushReport report = flush(timeout);
		List<PendingWrite> abandoned;
		synchronized (this.lock) {
			this.stopped = true;
			abandoned = new ArrayList<>(this.retries.values());
			abandoned.addAll(this.pending.values());
			this.retries.clear();
			this.pending.clear();
			this.lock.notifyAll();
		}
		for (PendingWrite write : abandoned) {
			PersistenceException ex = new PersistenceException("User data of '" + write.record.userId()
					+ "' was not written before the session manager closed", write.lastFailure);
			this.failed.incrementAndGet();
			this.events.accept(new SessionEvent.PersistFailed(write.record.userId(), ex, false));
			write.future.completeExceptionally(ex);
		}
		long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		for (Thread worker : this.workers) {
			try {
				TimeUnit.NANOSECONDS.timedJoin(worker, Math.max(1, joinDeadline - System.nanoTime()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return report;
	}

	PersistenceStatus status() {
		int backlog;
		int failures;
		synchronized (this.lock) {
			backlog = this.pending.size() + this.retries.size() + this.inFlight.size();
			failures = this.consecutiveFailures;
		}
		return new PersistenceStatus(backlog, failures, this.lastFailure, this.lastFailureAt, this.written.get(),
				this.failed.get());
	}

	private FlushReport reportUnwritten() {
		List<FlushReport.Unwritten> unwritten = new ArrayList<>();
		this.inFlight.values().forEach((write) -> unwritten.add(write.unwritten()));
		this.retries.values().forEach((write) -> unwritten.add(write.unwritten()));
		this.pending.values().forEach((write) -> unwritten.add(write.unwritten()));
		return new FlushReport(unwritten);
	}

	private void run() {
		while (true) {
			List<PendingWrite> batch = nextBatch();
			if (batch == null) {
				return;
			}
			write(batch);
		}
	}

	/** Writes queued and not in flight; guarded by lock. */
	private int queued() {
		return this.pending.size() + this.retries.size();
	}

	/**
	 * Waits for a batch of at least one write whose user is not in another worker's batch;
	 * returns {@code null} once stopped.
	 */
	private @Nullable List<PendingWrite> nextBatch() {
		synchronized (this.lock) {
			while (true) {
				if (this.stopped) {
					return null;
				}
				long wait = (this.consecutiveFailures > 0) ? this.nextAttemptNanos - this.ticker.nanoTime() : 0;
				int limit = this.config.writeBatchSize();
				int queued = queued();
				boolean work = queued > 0;
				// While a batch is being written, another starts only once a full one is queued,
				// so that a trickle of writes makes few large batches rather than many small ones.
				if (work && wait <= 0 && (this.inFlight.isEmpty() || queued >= limit)) {
					List<PendingWrite> batch = new ArrayList<>(Math.min(queued, limit));
					take(this.retries, batch, limit);
					take(this.pending, batch, limit);
					if (!batch.isEmpty()) {
						return batch;
					}
					// Every queued user is in another worker's batch: wait until one is answered.
				}
				try {
					if (!work || wait <= 0) {
						this.lock.wait();
					}
					else {
						TimeUnit.NANOSECONDS.timedWait(this.lock, wait);
					}
				}
				catch (InterruptedException ex) {
					return null;
				}
			}
		}
	}

	/** Moves writes of users not yet in the batch from a queue into it, oldest first. */
	private void take(Map<String, PendingWrite> queue, List<PendingWrite> batch, int limit) {
		Iterator<PendingWrite> iterator = queue.values().iterator();
		while (iterator.hasNext() && batch.size() < limit) {
			PendingWrite write = iterator.next();
			if (!this.inFlight.containsKey(write.record.userId())) {
				iterator.remove();
				this.inFlight.put(write.record.userId(), write);
				batch.add(write);
			}
		}
	}

	private void write(List<PendingWrite> batch) {
		long start = System.nanoTime();
		try {
			this.fence.beforeBatch();
		}
		catch (RuntimeException ex) {
			failedBatch(batch, ex, System.nanoTime() - start);
			return;
		}
		batch = refuseFenced(batch);
		if (batch.isEmpty()) {
			return;
		}
		List<UserDataWrite> writes = new ArrayList<>(batch.size());
		for (PendingWrite write : batch) {
			write.expectedVersion = write.record.version();
			writes.add(new UserDataWrite(write.record.userId(), write.encoded, write.expectedVersion));
		}
		List<WriteResult> results;
		try {
			results = this.store.saveAll(writes);
			if (results.size() != writes.size()) {
				throw new IllegalStateException("Store " + this.store.getClass().getName() + " answered "
						+ results.size() + " results for " + writes.size() + " writes");
			}
		}
		catch (RuntimeException ex) {
			failedBatch(batch, ex, System.nanoTime() - start);
			return;
		}
		long nanos = System.nanoTime() - start;
		int conflicts = 0;
		for (int i = 0; i < batch.size(); i++) {
			PendingWrite write = batch.get(i);
			WriteResult result = results.get(i);
			if (result.status() == WriteResult.Status.SAVED) {
				write.record.version(result.storedVersion());
				this.written.incrementAndGet();
			}
			else {
				conflicts++;
				write.record.forgetQueued(write.encoded);
				this.failed.incrementAndGet();
			}
		}
		for (PersistenceObserver observer : this.observers) {
			observer.batchWritten(batch.size(), batch.size() - conflicts, conflicts, nanos);
		}
		synchronized (this.lock) {
			this.consecutiveFailures = 0;
			this.nextAttemptNanos = 0;
			batch.forEach((write) -> this.inFlight.remove(write.record.userId()));
			this.lock.notifyAll();
		}
		for (int i = 0; i < batch.size(); i++) {
			PendingWrite write = batch.get(i);
			WriteResult result = results.get(i);
			if (result.status() == WriteResult.Status.SAVED) {
				write.future.complete(null);
			}
			else {
				VersionConflictException ex = new VersionConflictException(write.record.userId(),
						write.expectedVersion, result.storedVersion());
				logger.warn("User data of '{}' was not written: the store holds version {} where this node's write "
						+ "expected {} (another node or writer changed it); its changes here are not stored until "
						+ "the user is reloaded", write.record.userId(), result.storedVersion(), write.expectedVersion);
				this.events.accept(new SessionEvent.PersistFailed(write.record.userId(), ex, false));
				write.future.completeExceptionally(ex);
			}
		}
	}

	/** Refuses the writes of users this node lost; returns the others. */
	private List<PendingWrite> refuseFenced(List<PendingWrite> batch) {
		List<PendingWrite> refused = null;
		for (PendingWrite write : batch) {
			if (write.record.isFenced()) {
				if (refused == null) {
					refused = new ArrayList<>();
				}
				refused.add(write);
			}
		}
		if (refused == null) {
			return batch;
		}
		List<PendingWrite> allowed = new ArrayList<>(batch);
		allowed.removeAll(refused);
		synchronized (this.lock) {
			refused.forEach((write) -> this.inFlight.remove(write.record.userId()));
			this.lock.notifyAll();
		}
		for (PendingWrite write : refused) {
			OwnershipLostException ex = new OwnershipLostException("User data of '" + write.record.userId()
					+ "' was not written: another node took the user over while this node was out of touch with "
					+ "the directory");
			this.failed.incrementAndGet();
			this.events.accept(new SessionEvent.PersistFailed(write.record.userId(), ex, false));
			write.future.completeExceptionally(ex);
		}
		return allowed;
	}

	private void failedBatch(List<PendingWrite> batch, RuntimeException ex, long nanos) {
		this.lastFailure = ex;
		this.lastFailureAt = this.clock.instant();
		for (PersistenceObserver observer : this.observers) {
			observer.batchFailed(batch.size(), ex, nanos);
		}
		List<PendingWrite> firstFailures = new ArrayList<>();
		int failures;
		synchronized (this.lock) {
			failures = ++this.consecutiveFailures;
			LinkedHashMap<String, PendingWrite> requeued = new LinkedHashMap<>();
			for (PendingWrite write : batch) {
				String userId = write.record.userId();
				this.inFlight.remove(userId);
				write.lastFailure = ex;
				if (write.attempts++ == 0) {
					firstFailures.add(write);
				}
				requeued.put(userId, write);
			}
			requeued.putAll(this.retries);
			this.retries = requeued;
			this.nextAttemptNanos = this.ticker.nanoTime() + backoffNanos(failures);
			this.lock.notifyAll();
		}
		if (failures == 1) {
			logger.warn("Writing user data of {} users failed; retrying with backoff while the store is failing: {}",
					batch.size(), ex.toString());
		}
		for (PendingWrite write : firstFailures) {
			this.events.accept(new SessionEvent.PersistFailed(write.record.userId(), ex, true));
		}
	}

	private long backoffNanos(int failures) {
		long initial = this.config.retryInitialBackoff().toNanos();
		long max = this.config.retryMaxBackoff().toNanos();
		int shift = Math.min(failures - 1, 30);
		long backoff = initial << shift;
		return (backoff <= 0 || backoff > max) ? max : backoff;
	}

	/**
	 * Asked before each batch whether this node may still write its users.
	 */
	@FunctionalInterface
	interface WriteFence {

		WriteFence NONE = () -> {
		};

		/**
		 * Makes sure this node's hold on its users is current, fencing the records of users
		 * it lost ({@link UserRecord#fence()}).
		 * @throws RuntimeException when that cannot be known now; the batch is retried
		 */
		void beforeBatch();

	}

	/**
	 * Monotonic time source of the retry backoff, in nanoseconds; {@code System::nanoTime}
	 * except in tests, which move it instead of waiting.
	 */
	@FunctionalInterface
	interface Ticker {

		long nanoTime();

	}

	private static final class PendingWrite {

		final UserRecord record;

		final String encoded;

		final CompletableFuture<Void> future = new CompletableFuture<>();

		long expectedVersion;

		int attempts;

		@Nullable Throwable lastFailure;

		PendingWrite(UserRecord record, String encoded) {
			this.record = record;
			this.encoded = encoded;
		}

		/** Makes an older write's waiters wait for this newer write instead. */
		void absorb(PendingWrite older) {
			this.future.whenComplete((result, failure) -> {
				if (failure != null) {
					older.future.completeExceptionally(failure);
				}
				else {
					older.future.complete(null);
				}
			});
			if (this.lastFailure == null) {
				this.lastFailure = older.lastFailure;
			}
			this.attempts = Math.max(this.attempts, older.attempts);
		}

		FlushReport.Unwritten unwritten() {
			return new FlushReport.Unwritten(this.record.userId(), this.lastFailure);
		}

	}

}
