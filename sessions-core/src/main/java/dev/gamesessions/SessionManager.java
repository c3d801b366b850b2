package dev.gamesessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.UserDataStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, indexes, expires and destroys {@link Session sessions}, and persists their
 * users' data. Build one with {@link #builder()}; it runs until {@link #close()}.
 * <p>
 * Sessions are indexed by id, key, user id and resume token. User data is written behind
 * the callers' backs by persister threads, in batches, retried with backoff while the
 * store fails; it is persisted at the configured triggers ({@link PersistTrigger}), every
 * {@link SessionManagerConfig#persistInterval() interval}, and on
 * {@link Session#persistNow()}. Every {@link SessionManagerConfig#pruneFrequency() prune
 * frequency} idle sessions and expired session data are removed.
 * <p>
 * Thread-safe. Listeners run on the thread whose call raised the event, or, for events
 * raised by the manager's own threads (timers, shutdown, another node's kick), on its event
 * executor; see {@link SessionListener}.
 */
public final class SessionManager implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SessionManager.class);

	private static final int MAX_KEY_LENGTH = 256;

	/** Sessions per part below which queueing everyone's data is not worth splitting. */
	private static final int PARALLEL_PERSIST_MINIMUM = 2_000;

	private final Engine engine;

	private final UserDataStore userDataStore;

	private final AtomicReference<@Nullable FlushReport> closed = new AtomicReference<>();

	private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();

	private SessionManager(Builder builder) {
		SessionManagerConfig config = builder.config;
		Clock clock = builder.clock;
		DataCodec codec = (builder.codec != null) ? builder.codec : new JacksonDataCodec();
		this.userDataStore = (builder.userDataStore != null) ? builder.userDataStore : new InMemoryUserDataStore();
		SessionDataStore sessionDataStore = (builder.sessionDataStore != null) ? builder.sessionDataStore
				: new InMemorySessionDataStore(clock);
		UserDataFactory factory = (builder.userDataFactory != null) ? builder.userDataFactory
				: defaultFactory(codec, config.userDataType());
		EventDispatcher dispatcher = new EventDispatcher();
		builder.listeners.forEach(dispatcher::add);
		java.util.concurrent.ThreadPoolExecutor events = Engine.eventExecutor();
		WriteBehindPersister persister = new WriteBehindPersister(this.userDataStore, config, builder.observer,
				Engine.deliveringOn(events, dispatcher), clock, builder.ticker);
		UserRecords records = new UserRecords(this.userDataStore, codec, factory, config, persister,
				dispatcher::deliver);
		SessionRegistry registry = new SessionRegistry();
		UserClaims claims = new UserClaims(config.singleSessionPolicy(), builder.directory);
		ClusterCoordinator cluster = null;
		if (builder.directory != null) {
			DirectoryLease lease = new DirectoryLease(builder.directory, claims);
			persister.fence(lease);
			cluster = new ClusterCoordinator(builder.directory, lease, registry, claims, records, persister,
					config.persistTimeout());
		}
		SessionScheduler scheduler = new SessionScheduler();
		this.engine = new Engine(config, clock, codec, sessionDataStore, dispatcher, registry, claims, records,
				persister, scheduler, cluster, events, Engine.ioExecutor());
		if (!config.persistInterval().isZero()) {
			scheduler.every(config.persistInterval(), "interval persistence", this::persistOnInterval);
		}
		scheduler.every(config.pruneFrequency(), "pruning", () -> prune(false));
		if (cluster != null) {
			cluster.start(scheduler);
		}
	}

	/**
	 * A builder with in-memory stores, the Jackson codec and default settings.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	// Sessions

	/**
	 * Creates a session without a key. Publishes {@link SessionEvent.Created}.
	 * @return the new session, {@link SessionState#NEW}
	 * @throws SessionLimitException when this node holds its maximum of live sessions
	 * @throws IllegalStateException when the manager is closed
	 */
	public Session create() {
		return register(null);
	}

	/**
	 * Creates a session with a key (a connection id, a device id) by which it can be found.
	 * @param key the key, not blank, at most 256 characters
	 * @return the new session, {@link SessionState#NEW}
	 * @throws DuplicateSessionKeyException when a live session has that key
	 * @throws IllegalStateException when the manager is closed
	 */
	public Session create(String key) {
		Objects.requireNonNull(key, "key");
		if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException(
					"Session keys must be non-blank and at most " + MAX_KEY_LENGTH + " characters");
		}
		return register(key);
	}

	/**
	 * Finds a live session by id.
	 * @param id the id
	 * @return the session, or empty
	 */
	public Optional<Session> findById(String id) {
		return Optional.ofNullable(this.engine.registry.byId(id));
	}

	/**
	 * Finds a live session by id, or restores it from its stored session data: after a
	 * restart, or when the session was created on another node sharing the store. A restored
	 * session is {@link SessionState#NEW}, keeps the id, and has a new resume token.
	 * <p>
	 * A live session that was itself restored here is checked against the store each time:
	 * when another node renewed it (its data moved to a new id) or destroyed it, the local
	 * copy is destroyed and the id is rejected as unknown.
	 * @param id the id
	 * @return the live or restored session
	 * @throws InvalidSessionException when the id is malformed or no data is stored for it
	 * (unknown or expired); an {@link SessionEvent.Invalid} event is published too
	 * @throws StoreException when the session-data store cannot be reached
	 */
	public Session restore(String id) {
		if (id == null || !SessionIds.isWellFormed(id)) {
			throw invalid("(malformed)", InvalidReason.MALFORMED, "Session id is malformed");
		}
		Session live = this.engine.registry.byId(id);
		if (live != null && !live.isRestoredCopy()) {
			return live;
		}
		SessionDataStore store = this.engine.sessionDataStore;
		if (store.load(id, this.engine.config.duration()).isEmpty()) {
			if (live != null) {
				live.retire();
			}
			throw invalid(SessionIds.mask(id), InvalidReason.UNKNOWN, "Session is unknown or expired");
		}
		if (live != null) {
			return live;
		}
		if (isClosed()) {
			throw new IllegalStateException("The session manager is closed");
		}
		requireRoom();
		Session restored = new Session(this.engine, id, null, this.engine.now(), true);
		Session existing = this.engine.registry.addRestored(restored);
		if (existing != null) {
			return existing;
		}
		restored.publish(new SessionEvent.Created(restored));
		return restored;
	}

	/**
	 * Publishes an {@link SessionEvent.Invalid} event for a reference that an integration
	 * (a cookie, a handshake) rejected.
	 * @param reference the rejected reference; only a masked form is published
	 * @param reason why it was rejected
	 * @param detail readable detail, without secrets
	 */
	public void reportInvalid(String reference, InvalidReason reason, String detail) {
		this.engine.dispatcher.deliver(new SessionEvent.Invalid(null, SessionIds.mask(reference), reason, detail));
	}

	/**
	 * Finds a live session by key.
	 * @param key the key
	 * @return the session, or empty
	 */
	public Optional<Session> findByKey(String key) {
		return Optional.ofNullable(this.engine.registry.byKey(key));
	}

	/**
	 * Finds the newest live session identified as a user on this node.
	 * @param userId the user id
	 * @return the session, or empty
	 */
	public Optional<Session> findByUserId(String userId) {
		return this.engine.claims.newest(userId);
	}

	/**
	 * The live sessions (not destroyed), in no particular order.
	 * @return a snapshot
	 */
	public Collection<Session> sessions() {
		return this.engine.registry.snapshot();
	}

	/**
	 * How many sessions are live.
	 * @return the count
	 */
	public int size() {
		return this.engine.registry.size();
	}

	/**
	 * Resumes a session with its resume token, on a new connection: a disconnected session
	 * returns to its previous state (its grace window is cancelled), a connected one is
	 * taken over. Either way the session gets a new resume token (the presented one stops
	 * working) and {@link SessionEvent.Reconnected} is published.
	 * @param resumeToken the token the player presented
	 * @return the resumed session
	 * @throws InvalidSessionException when the token is malformed, unknown, already used or
	 * its session has ended; an {@link SessionEvent.Invalid} event is published too
	 */
	public Session resume(String resumeToken) {
		if (resumeToken == null || !SessionIds.isWellFormed(resumeToken)) {
			throw invalid("(malformed)", InvalidReason.MALFORMED, "Resume token is malformed");
		}
		Session session = this.engine.registry.byToken(resumeToken);
		if (session == null) {
			throw invalid(SessionIds.mask(resumeToken), InvalidReason.UNKNOWN,
					"Resume token is unknown, already used or expired");
		}
		if (!session.resume(resumeToken)) {
			throw invalid(SessionIds.mask(resumeToken), InvalidReason.EXPIRED, "Session of the resume token has ended");
		}
		return session;
	}

	/**
	 * How many sessions were refused because this node held its maximum
	 * ({@link SessionManagerConfig#maxSessions()}), since it started.
	 * @return the count
	 */
	public long refusedSessions() {
		return this.refused.get();
	}

	/**
	 * Kicks the user's live sessions: on this node ({@link SessionEvent.Kicked}, then
	 * destroyed) and, with a {@link UserDirectory}, on the node that holds the user.
	 * @param userId the user id
	 * @param reason readable reason, safe to show to the player
	 * @return how many sessions were kicked on this node, plus one when another node was
	 * asked to kick
	 */
	public int kick(String userId, String reason) {
		List<Session> sessions = this.engine.claims.sessionsOf(userId);
		sessions.forEach((session) -> session.kick(reason));
		int kicked = sessions.size();
		ClusterCoordinator cluster = this.engine.cluster;
		if (cluster != null) {
			Optional<UserDirectory.Entry> remote = cluster.locateRemote(userId);
			if (remote.isPresent()) {
				cluster.kickRemoteAndWait(remote.get(), reason);
				kicked++;
			}
		}
		return kicked;
	}

	/**
	 * Where a user's live session is: on this node, or (with a {@link UserDirectory}) on any
	 * node of the cluster.
	 * @param userId the user id
	 * @return the user's entry, or empty when the user is online nowhere
	 */
	public Optional<UserDirectory.Entry> locate(String userId) {
		Optional<Session> local = findByUserId(userId);
		ClusterCoordinator cluster = this.engine.cluster;
		String nodeId = (cluster != null) ? cluster.nodeId() : "local";
		if (local.isPresent()) {
			return Optional.of(new UserDirectory.Entry(userId, nodeId, local.get().id(), local.get().createdAt()));
		}
		return (cluster != null) ? cluster.locate(userId) : Optional.empty();
	}

	/**
	 * Destroys every live session; the manager stays usable.
	 * @param persist whether to persist user data
	 */
	public void destroy(boolean persist) {
		for (Session session : this.engine.registry.snapshot()) {
			session.destroy(persist, DestroyReason.REQUESTED, true);
		}
	}

	// Persistence

	/**
	 * Queues the changed user data of every identified session. With many sessions the
	 * encoding is shared with the manager's I/O threads, whose
	 * {@link SessionEvent.PersistUserData} listeners run there.
	 * @return completes when all of it is durable, exceptionally when any write failed
	 */
	public CompletableFuture<Void> persistAllUserData() {
		return persistAll(PersistReason.EXPLICIT, true);
	}

	/**
	 * Whether user data is persisted at a trigger (Cagey's {@code willPersistUserDataOn}).
	 * @param trigger the trigger
	 * @return whether it is configured
	 */
	public boolean willPersistUserDataOn(PersistTrigger trigger) {
		return this.engine.config.persistsOn(trigger);
	}

	/**
	 * Waits until every queued user-data write is durable, at most {@code timeout}.
	 * @param timeout how long to wait
	 * @return what is still unwritten
	 */
	public FlushReport flush(Duration timeout) {
		return this.engine.persister.flush(timeout);
	}

	/**
	 * The state of the write-behind persister.
	 * @return a snapshot
	 */
	public PersistenceStatus persistenceStatus() {
		return this.engine.persister.status();
	}

	/**
	 * Destroys sessions idle for longer than the session duration, and prunes expired
	 * session data from the store. Runs every prune frequency by itself (the destroys'
	 * listeners then run on the event executor).
	 * @return how many sessions were destroyed
	 */
	public int pruneNow() {
		return prune(true);
	}

	private int prune(boolean inline) {
		Instant now = this.engine.now();
		long idleBefore = now.minus(this.engine.config.duration()).toEpochMilli();
		boolean persist = willPersistUserDataOn(PersistTrigger.DISCONNECT);
		int destroyed = 0;
		for (Session session : this.engine.registry.sessions()) {
			if (session.lastAccessedMillis() < idleBefore
					&& session.destroy(persist, DestroyReason.IDLE_TIMEOUT, inline)) {
				destroyed++;
			}
		}
		try {
			this.engine.sessionDataStore.prune(now);
		}
		catch (StoreException ex) {
			logger.warn("Could not prune expired session data: {}", ex.toString());
		}
		return destroyed;
	}

	// Listeners

	/**
	 * Registers a listener for the events of every session.
	 * @param listener the listener
	 * @return a subscription that removes it
	 */
	public Subscription addListener(SessionListener listener) {
		return this.engine.dispatcher.add(listener);
	}

	/**
	 * Registers a listener for one type of event of every session.
	 * @param <E> the event type
	 * @param type the event type, such as {@code SessionEvent.Created.class}
	 * @param listener the listener
	 * @return a subscription that removes it
	 */
	public <E extends SessionEvent> Subscription on(Class<E> type, Consumer<? super E> listener) {
		return this.engine.dispatcher.add(EventDispatcher.typed(type, listener));
	}

	/**
	 * Registers an observer of the persister's batches, as
	 * {@link Builder#persistenceObserver(PersistenceObserver)} does at build time (metrics,
	 * for a manager built elsewhere). It is called on the writer threads.
	 * @param observer the observer
	 * @return a subscription that removes it
	 */
	public Subscription addPersistenceObserver(PersistenceObserver observer) {
		return this.engine.persister.addObserver(observer);
	}

	// Settings

	/**
	 * The settings.
	 * @return the configuration
	 */
	public SessionManagerConfig config() {
		return this.engine.config;
	}

	/**
	 * The user-data store.
	 * @return the store
	 */
	public UserDataStore userDataStore() {
		return this.userDataStore;
	}

	/**
	 * The session-data store.
	 * @return the store
	 */
	public SessionDataStore sessionDataStore() {
		return this.engine.sessionDataStore;
	}

	/**
	 * The codec of user data and session data.
	 * @return the codec
	 */
	public DataCodec codec() {
		return this.engine.codec;
	}

	// Closing

	/**
	 * Whether {@link #close()} was called.
	 * @return {@code true} once closing started
	 */
	public boolean isClosed() {
		return this.engine.isClosing();
	}

	/**
	 * Closes the manager: stops the timers, destroys every session (persisting user data
	 * when {@link PersistTrigger#SHUTDOWN} is a trigger), waits for queued writes, and logs
	 * every user whose data could not be written, with the cause. Returns within the
	 * {@link SessionManagerConfig#shutdownTimeout() shutdown timeout} plus about a second,
	 * even when a listener blocks: the destroys' listeners run on the event executor, and
	 * the user data of a session whose listeners have not finished within half the timeout
	 * is queued without waiting for them (a warning names each such session). Connections
	 * closing meanwhile destroy their sessions at once. Closing twice returns the first
	 * report.
	 * @return what could not be written
	 */
	public FlushReport shutdown() {
		FlushReport report = this.closed.get();
		if (report != null) {
			return report;
		}
		synchronized (this.closed) {
			report = this.closed.get();
			if (report != null) {
				return report;
			}
			report = new Shutdown(this.engine).run();
			this.closed.set(report);
			return report;
		}
	}

	/**
	 * Same as {@link #shutdown()}.
	 */
	@Override
	public void close() {
		shutdown();
	}

	// Internals

	private Session register(@Nullable String key) {
		if (isClosed()) {
			throw new IllegalStateException("The session manager is closed");
		}
		requireRoom();
		Session session = new Session(this.engine, SessionIds.newId(), key, this.engine.now(), false);
		this.engine.registry.add(session);
		session.publish(new SessionEvent.Created(session));
		return session;
	}

	/** Refuses a new session while the node holds its maximum (approximately, under races). */
	private void requireRoom() {
		int max = this.engine.config.maxSessions();
		if (this.engine.registry.size() >= max) {
			this.refused.incrementAndGet();
			throw new SessionLimitException("This node holds its maximum of " + max + " live sessions");
		}
	}

	private InvalidSessionException invalid(String reference, InvalidReason reason, String detail) {
		this.engine.dispatcher.deliver(new SessionEvent.Invalid(null, reference, reason, detail));
		return new InvalidSessionException(reason, detail);
	}

	private void persistOnInterval() {
		persistAll(PersistReason.INTERVAL, false);
		for (Session session : this.engine.registry.sessions()) {
			session.saveDataLater();
		}
	}

	/**
	 * Queues every identified session's changed data. Encoding is most of the cost, so with
	 * many sessions the work is split over the I/O threads, the calling thread taking a part
	 * too; the {@link SessionEvent.PersistUserData} listeners run on the thread that queued
	 * the write. Returns once all of it is queued, except for the timer (the interval), which
	 * hands every part to the I/O threads and does not wait.
	 */
	private CompletableFuture<Void> persistAll(PersistReason reason, boolean callerTakesPart) {
		List<Session> sessions = this.engine.registry.snapshot();
		int parts = Math.max(1,
				Math.min(Runtime.getRuntime().availableProcessors(), sessions.size() / PARALLEL_PERSIST_MINIMUM));
		int size = (sessions.size() + parts - 1) / parts;
		List<CompletableFuture<Void>> writes = new ArrayList<>(sessions.size());
		List<CompletableFuture<List<CompletableFuture<Void>>>> others = new ArrayList<>(parts);
		for (int part = callerTakesPart ? 1 : 0; part < parts; part++) {
			List<Session> slice = sessions.subList(Math.min(sessions.size(), part * size),
					Math.min(sessions.size(), (part + 1) * size));
			others.add(CompletableFuture.supplyAsync(() -> queueWrites(slice, reason, new ArrayList<>()),
					this.engine.io));
		}
		if (!callerTakesPart) {
			// The timer: it neither runs listeners nor waits for those who do.
			return CompletableFuture.allOf(others.toArray(CompletableFuture[]::new));
		}
		queueWrites(sessions.subList(0, Math.min(sessions.size(), size)), reason, writes);
		others.forEach((other) -> writes.addAll(other.join()));
		return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
	}

	private static List<CompletableFuture<Void>> queueWrites(List<Session> sessions, PersistReason reason,
			List<CompletableFuture<Void>> writes) {
		for (Session session : sessions) {
			CompletableFuture<Void> written = session.persistFor(reason);
			if (written != null) {
				writes.add(written);
			}
		}
		return writes;
	}

	private static UserDataFactory defaultFactory(DataCodec codec, Class<?> type) {
		if (Map.class.isAssignableFrom(type)) {
			return (userId) -> new java.util.LinkedHashMap<String, Object>();
		}
		return (userId) -> codec.decode("{}", type);
	}

	/**
	 * Builder of {@link SessionManager}.
	 */
	public static final class Builder {

		private SessionManagerConfig config = SessionManagerConfig.defaults();

		private @Nullable UserDataStore userDataStore;

		private @Nullable SessionDataStore sessionDataStore;

		private @Nullable DataCodec codec;

		private @Nullable UserDataFactory userDataFactory;

		private final List<SessionListener> listeners = new ArrayList<>();

		private Clock clock = Clock.systemUTC();

		private PersistenceObserver observer = PersistenceObserver.NONE;

		private @Nullable UserDirectory directory;

		private WriteBehindPersister.Ticker ticker = System::nanoTime;

		private Builder() {
		}

		/**
		 * Shares the single-session policy, {@link SessionManager#locate(String)} and
		 * {@link SessionManager#kick(String, String)} with the other nodes of a cluster.
		 * @param directory the cluster-wide user directory
		 * @return this builder
		 */
		public Builder userDirectory(UserDirectory directory) {
			this.directory = Objects.requireNonNull(directory, "directory");
			return this;
		}

		public Builder config(SessionManagerConfig config) {
			this.config = Objects.requireNonNull(config, "config");
			return this;
		}

		public Builder userDataStore(UserDataStore store) {
			this.userDataStore = Objects.requireNonNull(store, "userDataStore");
			return this;
		}

		public Builder sessionDataStore(SessionDataStore store) {
			this.sessionDataStore = Objects.requireNonNull(store, "sessionDataStore");
			return this;
		}

		public Builder codec(DataCodec codec) {
			this.codec = Objects.requireNonNull(codec, "codec");
			return this;
		}

		/**
		 * Sets how first-time players' user data is created. Default: an empty map for
		 * {@link Map} user data, otherwise the user data type decoded from {@code {}}.
		 * @param factory the factory
		 * @return this builder
		 */
		public Builder userDataFactory(UserDataFactory factory) {
			this.userDataFactory = Objects.requireNonNull(factory, "userDataFactory");
			return this;
		}

		public Builder listener(SessionListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		public Builder persistenceObserver(PersistenceObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer");
			return this;
		}

		/** Time source of the persister's backoff; tests move it instead of waiting. */
		Builder ticker(WriteBehindPersister.Ticker ticker) {
			this.ticker = Objects.requireNonNull(ticker, "ticker");
			return this;
		}

		public SessionManager build() {
			return new SessionManager(this);
		}

	}

}
