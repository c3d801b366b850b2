package dev.gamesessions.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import dev.gamesessions.FlushReport;
import dev.gamesessions.PersistTrigger;
import dev.gamesessions.PersistenceObserver;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionManagerConfig;
import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.UserDataStore;

/**
 * Many identified sessions of one {@link SessionManager} writing to a store through the
 * engine's write-behind persister: the path a game's user data takes. The persister runs
 * with the engine's defaults unless the system properties {@code bench.writeConcurrency}
 * or {@code bench.writeBatchSize} say otherwise (e.g. {@code BENCH_JAVA_OPTS=-Dbench.writeBatchSize=2000}).
 */
final class EngineUsers implements AutoCloseable {

	private static final Duration LONG_WAIT = Duration.ofMinutes(5);

	private final SessionManager manager;

	private final List<Session> sessions;

	private final LongAdder batches = new LongAdder();

	private final LongAdder batchedWrites = new LongAdder();

	private int round;

	/**
	 * Identifies {@code users} sessions holding {@link Payload} players.
	 * @param store the user-data store
	 * @param userIdPrefix user ids are this prefix and 0, 1, …
	 * @param users how many
	 * @param persistOnShutdown whether closing the manager persists the dirty users
	 */
	EngineUsers(UserDataStore store, String userIdPrefix, int users, boolean persistOnShutdown) {
		this.manager = SessionManager.builder()
			.config(SessionManagerConfig.builder()
				.persistEvents(persistOnShutdown ? List.of(PersistTrigger.SHUTDOWN) : List.of())
				.persistInterval(Duration.ZERO)
				.shutdownTimeout(LONG_WAIT)
				.persistTimeout(LONG_WAIT)
				.cacheLimit(0)
				.writeConcurrency(Integer.getInteger("bench.writeConcurrency", 2))
				.writeBatchSize(Integer.getInteger("bench.writeBatchSize", 500))
				.build())
			.userDataStore(store)
			.sessionDataStore(new InMemorySessionDataStore())
			.persistenceObserver(new PersistenceObserver() {

				@Override
				public void batchWritten(int size, int saved, int conflicts, long nanos) {
					EngineUsers.this.batches.increment();
					EngineUsers.this.batchedWrites.add(size);
				}

			})
			.build();
		this.sessions = new ArrayList<>(users);
		for (int i = 0; i < users; i++) {
			Session session = this.manager.create();
			session.start();
			session.setUser(userIdPrefix + i, Payload.player(i));
			this.sessions.add(session);
		}
	}

	/**
	 * Changes every user's data in place, as a game does between two persists.
	 */
	void mutateAll() {
		this.round++;
		for (Session session : this.sessions) {
			Payload.mutate(session.userData(), this.round);
		}
	}

	/**
	 * {@code persistAllUserData()} and {@code flush}: returns when every write is durable.
	 * @return the nanoseconds it took
	 */
	long persistAll() {
		long start = System.nanoTime();
		this.manager.persistAllUserData().join();
		requireComplete(this.manager.flush(LONG_WAIT));
		return System.nanoTime() - start;
	}

	/**
	 * Every session's {@code persistAsync()}, the sessions split over {@code threads}
	 * threads (as a game's own threads would persist their players, each encoding its
	 * share), then {@code flush}: returns when every write is durable.
	 * @return the nanoseconds it took
	 */
	long persistAllOn(int threads) {
		long start = System.nanoTime();
		Parallel.timeRanges(threads, this.sessions.size(), (from, to) -> {
			List<CompletableFuture<Void>> writes = new ArrayList<>(to - from);
			for (int i = from; i < to; i++) {
				writes.add(this.sessions.get(i).persistAsync());
			}
			CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])).join();
		});
		requireComplete(this.manager.flush(LONG_WAIT));
		return System.nanoTime() - start;
	}

	/**
	 * Closes the manager: with the shutdown trigger, every dirty user is flushed.
	 * @return the nanoseconds {@code close()} took
	 */
	long timeClose() {
		// Only the manager holds the sessions now, as in a server: what close() ends can go.
		this.sessions.clear();
		long start = System.nanoTime();
		requireComplete(this.manager.shutdown());
		return System.nanoTime() - start;
	}

	/**
	 * Mean users per store call since the last call of this method.
	 */
	double meanBatchSizeSinceLastCall() {
		return this.batchedWrites.sumThenReset() / (double) Math.max(1, this.batches.sumThenReset());
	}

	@Override
	public void close() {
		this.manager.close();
	}

	private static void requireComplete(FlushReport report) {
		if (!report.isComplete()) {
			throw new IllegalStateException(report.unwritten().size() + " users were not written, first: "
					+ report.unwritten().get(0));
		}
	}

}
