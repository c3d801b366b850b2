package dev.gamesessions;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.gamesessions.store.SessionDataStore;
import org.jspecify.annotations.Nullable;

/**
 * The parts of one {@link SessionManager} that its sessions work with, each with one job:
 * the registry of live sessions, user claims and the single-session policy, the users'
 * records and their persistence, the cluster coordination, the timer, and the event
 * executor on which application code raised by the engine's own threads runs.
 */
final class Engine {

	final SessionManagerConfig config;

	final Clock clock;

	final DataCodec codec;

	final SessionDataStore sessionDataStore;

	final EventDispatcher dispatcher;

	final SessionRegistry registry;

	final UserClaims claims;

	final UserRecords records;

	final WriteBehindPersister persister;

	final SessionScheduler scheduler;

	final @Nullable ClusterCoordinator cluster;

	/**
	 * Runs session steps raised by the engine's threads (timers, other nodes, shutdown):
	 * listeners a slow application blocks never hold up those threads.
	 */
	final ThreadPoolExecutor events;

	/**
	 * Runs the blocking parts of asynchronous calls ({@link Session#identifyAsync(String)}):
	 * directory claims and store loads, off the caller's thread.
	 */
	final ThreadPoolExecutor io;

	private volatile boolean closing;

	Engine(SessionManagerConfig config, Clock clock, DataCodec codec, SessionDataStore sessionDataStore,
			EventDispatcher dispatcher, SessionRegistry registry, UserClaims claims, UserRecords records,
			WriteBehindPersister persister, SessionScheduler scheduler, @Nullable ClusterCoordinator cluster,
			ThreadPoolExecutor events, ThreadPoolExecutor io) {
		this.config = config;
		this.clock = clock;
		this.codec = codec;
		this.sessionDataStore = sessionDataStore;
		this.dispatcher = dispatcher;
		this.registry = registry;
		this.claims = claims;
		this.records = records;
		this.persister = persister;
		this.scheduler = scheduler;
		this.cluster = cluster;
		this.events = events;
		this.io = io;
	}

	static ThreadPoolExecutor eventExecutor() {
		return executor("game-sessions-events-", Math.max(2, Runtime.getRuntime().availableProcessors()));
	}

	static ThreadPoolExecutor ioExecutor() {
		return executor("game-sessions-io-", Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
	}

	private static ThreadPoolExecutor executor(String name, int threads) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, name + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	Instant now() {
		return this.clock.instant();
	}

	/** {@link #now()} in milliseconds since the epoch, without allocating. */
	long millis() {
		return this.clock.millis();
	}

	boolean isClosing() {
		return this.closing;
	}

	void closing() {
		this.closing = true;
	}

	/**
	 * Delivers events of no session (a failed write) on the event executor, so that a
	 * listener never holds up the thread that raised them; here once it is shut down.
	 */
	static Consumer<SessionEvent> deliveringOn(Executor executor, EventDispatcher dispatcher) {
		return (event) -> {
			try {
				executor.execute(() -> dispatcher.deliver(event));
			}
			catch (RejectedExecutionException ex) {
				dispatcher.deliver(event);
			}
		};
	}

}
