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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, indexes, expires and destroys {@link Session sessions}, and persists their
 * users' data. Build one with {@link #builder()}; it runs until {@link #close()}.
 * <p>
 * Sessions are indexed by id, key, user id and resume token. User data is written behind
 * the callers' backs by one persister thread, in batches, retried with backoff while the
 * store fails; it is persisted at the configured triggers ({@link PersistTrigger}), every
 * {@link SessionManagerConfig#persistInterval() interval}, and on
 * {@link Session#persistNow()}. Every {@link SessionManagerConfig#pruneFrequency() prune
 * frequency} idle sessions and expired session data are removed.
 * <p>
 * Thread-safe.
 */
public final class SessionManager implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SessionManager.class);

	private static final int MAX_KEY_LENGTH = 256;

	private final SessionManagerConfig config;

	private final UserDataStore userDataStore;

	private final SessionDataStore sessionDataStore;

	private final DataCodec codec;

	private final Clock clock;

	private final EventDispatcher dispatcher = new EventDispatcher();

	private final WriteBehindPersister persister;

	private final UserRecords users;

	private final Map<String, Session> byId = new ConcurrentHashMap<>();

	private final Map<String, Session> byKey = new ConcurrentHashMap<>();

	private final Map<String, Session> byToken = new ConcurrentHashMap<>();

	private final Map<String, List<Session>> byUser = new ConcurrentHashMap<>();

	private final ScheduledThreadPoolExecutor scheduler;

	private final @Nullable UserDirectory directory;

	/** Directory entries to release once the shutdown flush is done; set while closing. */
	private volatile @Nullable List<String[]> deferredReleases;

	private final AtomicReference<@Nullable FlushReport> closed = new AtomicReference<>();

	private SessionManager(Builder builder) {
		this.config = builder.config;
		this.clock = builder.clock;
		this.codec = (builder.codec != null) ? builder.codec : new JacksonDataCodec();
		this.userDataStore = (builder.userDataStore != null) ? builder.userDataStore : new InMemoryUserDataStore();
		this.sessionDataStore = (builder.sessionDataStore != null) ? builder.sessionDataStore
				: new InMemorySessionDataStore(this.clock);
		UserDataFactory factory = (builder.userDataFactory != null) ? builder.userDataFactory
				: defaultFactory(this.codec, this.config.userDataType());
		builder.listeners.forEach(this.dispatcher::add);
		this.persister = new WriteBehindPersister(this.userDataStore, this.config, builder.observer, this::publish,
				this.clock);
		this.users = new UserRecords(this.userDataStore, this.codec, factory, this.config, this.persister,
				this::publish);
		this.scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "game-sessions-scheduler");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		Duration interval = this.config.persistInterval();
		if (!interval.isZero()) {
			this.scheduler.scheduleWithFixedDelay(guarded("interval persistence", this::persistOnInterval),
					interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
		}
		long prune = this.config.pruneFrequency().toNanos();
		this.scheduler.scheduleWithFixedDelay(guarded("pruning", this::pruneNow), prune, prune, TimeUnit.NANOSECONDS);
		this.directory = builder.directory;
		if (this.directory != null) {
			this.directory.listen(this::kickRequested);
			long heartbeat = this.directory.heartbeatInterval().toNanos();
			this.scheduler.scheduleWithFixedDelay(guarded("directory heartbeat", this::refreshDirectory), heartbeat,
					heartbeat, TimeUnit.NANOSECONDS);
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
		return Optional.ofNullable(this.byId.get(id));
	}

	/**
	 * Finds a live session by id, or restores it from its stored session data: after a
	 * restart, or when the session was created on another node sharing the store. A restored
	 * session is {@link SessionState#NEW}, keeps the id, and has a new resume token.
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
		Session live = this.byId.get(id);
		if (live != null) {
			return live;
		}
		if (this.sessionDataStore.load(id, this.config.sessionDuration()).isEmpty()) {
			throw invalid(SessionIds.mask(id), InvalidReason.UNKNOWN, "Session is unknown or expired");
		}
		if (isClosed()) {
			throw new IllegalStateException("The session manager is closed");
		}
		Session restored = new Session(this, id, null, now());
		Session existing = this.byId.putIfAbsent(id, restored);
		if (existing != null) {
			return existing;
		}
		publish(new SessionEvent.Created(restored));
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
		publish(new SessionEvent.Invalid(null, SessionIds.mask(reference), reason, detail));
	}

	/**
	 * Finds a live session by key.
	 * @param key the key
	 * @return the session, or empty
	 */
	public Optional<Session> findByKey(String key) {
		return Optional.ofNullable(this.byKey.get(key));
	}

	/**
	 * Finds the newest live session identified as a user on this node.
	 * @param userId the user id
	 * @return the session, or empty
	 */
	public Optional<Session> findByUserId(String userId) {
		List<Session> sessions = this.byUser.get(userId);
		return (sessions == null || sessions.isEmpty()) ? Optional.empty()
				: Optional.of(sessions.get(sessions.size() - 1));
	}

	/**
	 * The live sessions (not destroyed), in no particular order.
	 * @return a snapshot
	 */
	public Collection<Session> sessions() {
		return List.copyOf(this.byId.values());
	}

	/**
	 * How many sessions are live.
	 * @return the count
	 */
	public int size() {
		return this.byId.size();
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
		Session session = this.byToken.get(resumeToken);
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
	 * Kicks the user's live sessions: on this node ({@link SessionEvent.Kicked}, then
	 * destroyed) and, with a {@link UserDirectory}, on the node that holds the user.
	 * @param userId the user id
	 * @param reason readable reason, safe to show to the player
	 * @return how many sessions were kicked on this node, plus one when another node was
	 * asked to kick
	 */
	public int kick(String userId, String reason) {
		List<Session> sessions = this.byUser.getOrDefault(userId, List.of());
		sessions.forEach((session) -> session.kick(reason));
		int kicked = sessions.size();
		if (this.directory != null) {
			Optional<UserDirectory.Entry> remote = this.directory.locate(userId)
				.filter((entry) -> !entry.nodeId().equals(this.directory.nodeId()));
			if (remote.isPresent()) {
				awaitKick(this.directory.requestKick(remote.get(), reason), remote.get());
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
		String nodeId = (this.directory != null) ? this.directory.nodeId() : "local";
		if (local.isPresent()) {
			return Optional.of(new UserDirectory.Entry(userId, nodeId, local.get().id(), local.get().createdAt()));
		}
		return (this.directory != null) ? this.directory.locate(userId) : Optional.empty();
	}

	/**
	 * Destroys every live session; the manager stays usable.
	 * @param persist whether to persist user data
	 */
	public void destroy(boolean persist) {
		destroyAll(persist, DestroyReason.REQUESTED);
	}

	// Persistence

	/**
	 * Queues the changed user data of every identified session.
	 * @return completes when all of it is durable, exceptionally when any write failed
	 */
	public CompletableFuture<Void> persistAllUserData() {
		return persistAll(PersistReason.EXPLICIT);
	}

	/**
	 * Whether user data is persisted at a trigger (Cagey's {@code willPersistUserDataOn}).
	 * @param trigger the trigger
	 * @return whether it is configured
	 */
	public boolean willPersistUserDataOn(PersistTrigger trigger) {
		return this.config.persistsOn(trigger);
	}

	/**
	 * Waits until every queued user-data write is durable, at most {@code timeout}.
	 * @param timeout how long to wait
	 * @return what is still unwritten
	 */
	public FlushReport flush(Duration timeout) {
		return this.persister.flush(timeout);
	}

	/**
	 * The state of the write-behind persister.
	 * @return a snapshot
	 */
	public PersistenceStatus persistenceStatus() {
		return this.persister.status();
	}

	/**
	 * Destroys sessions idle for longer than the session duration, and prunes expired
	 * session data from the store. Runs every prune frequency by itself.
	 * @return how many sessions were destroyed
	 */
	public int pruneNow() {
		Instant now = now();
		Instant idleBefore = now.minus(this.config.sessionDuration());
		int destroyed = 0;
		for (Session session : this.byId.values()) {
			if (session.lastAccessedAt().isBefore(idleBefore) && session.destroy(
					willPersistUserDataOn(PersistTrigger.DISCONNECT), DestroyReason.IDLE_TIMEOUT)) {
				destroyed++;
			}
		}
		try {
			this.sessionDataStore.prune(now);
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
		return this.dispatcher.add(listener);
	}

	/**
	 * Registers a listener for one type of event of every session.
	 * @param <E> the event type
	 * @param type the event type, such as {@code SessionEvent.Created.class}
	 * @param listener the listener
	 * @return a subscription that removes it
	 */
	public <E extends SessionEvent> Subscription on(Class<E> type, Consumer<? super E> listener) {
		return this.dispatcher.add(EventDispatcher.typed(type, listener));
	}

	// Settings

	/**
	 * The settings.
	 * @return the configuration
	 */
	public SessionManagerConfig config() {
		return this.config;
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
		return this.sessionDataStore;
	}

	/**
	 * The codec of user data and session data.
	 * @return the codec
	 */
	public DataCodec codec() {
		return this.codec;
	}

	// Closing

	/**
	 * Whether {@link #close()} was called.
	 * @return {@code true} once closing started
	 */
	public boolean isClosed() {
		return this.closed.get() != null;
	}

	/**
	 * Closes the manager: stops the interval and pruning, destroys every session (persisting
	 * user data when {@link PersistTrigger#SHUTDOWN} is a trigger), waits at most the
	 * shutdown timeout for queued writes, and logs every user whose data could not be
	 * written, with the cause. Closing twice returns the first report.
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
			this.scheduler.shutdownNow();
			List<String[]> deferred = java.util.Collections.synchronizedList(new ArrayList<>());
			this.deferredReleases = deferred;
			destroyAll(willPersistUserDataOn(PersistTrigger.SHUTDOWN), DestroyReason.SHUTDOWN);
			report = this.persister.close(this.config.shutdownTimeout());
			if (this.directory != null) {
				// Only now may another node take these users over: their data is written.
				synchronized (deferred) {
					deferred.forEach((entry) -> releaseInDirectory(entry[0], entry[1]));
				}
				this.directory.close();
			}
			for (FlushReport.Unwritten unwritten : report.unwritten()) {
				logger.error("User data of '{}' was not written before shutdown: {}", unwritten.userId(),
						(unwritten.cause() != null) ? unwritten.cause().toString() : "not attempted in time");
			}
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

	// Package-private, for sessions

	Instant now() {
		return this.clock.instant();
	}

	void publish(SessionEvent event) {
		this.dispatcher.publish(event);
	}

	ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.scheduler.schedule(guarded("scheduled session task", task), delay.toNanos(),
				TimeUnit.NANOSECONDS);
	}

	void reindexId(Session session, String oldId) {
		this.byId.remove(oldId, session);
		this.byId.put(session.id(), session);
	}

	/**
	 * Indexes a resume token the session has just issued; takes it out again when the
	 * session ended or revoked it meanwhile (both of which happen before their own
	 * unindexing, so whichever runs last leaves no stale entry).
	 */
	void indexToken(Session session, String token) {
		this.byToken.put(token, session);
		if (session.state().isEnded() || !token.equals(session.issuedResumeToken())) {
			this.byToken.remove(token, session);
		}
	}

	void unindexToken(Session session, String token) {
		this.byToken.remove(token, session);
	}

	void unregister(Session session) {
		this.byId.remove(session.id(), session);
		String token = session.issuedResumeToken();
		if (token != null) {
			this.byToken.remove(token, session);
		}
		String key = session.key();
		if (key != null) {
			this.byKey.remove(key, session);
		}
	}

	UserRecords.Acquired acquireUser(String userId, @Nullable Object given) {
		return this.users.acquire(userId, given);
	}

	void releaseUserRecord(UserRecord record) {
		this.users.release(record);
	}

	void releaseUser(Session session, UserRecord record) {
		unclaimUser(record.userId(), session);
		this.users.release(record);
	}

	/**
	 * Registers a session as the user's, applying the single-session policy atomically.
	 * @return the sessions to kick
	 */
	List<Session> claimUser(String userId, Session session) {
		SingleSessionPolicy policy = this.config.singleSessionPolicy();
		List<Session> toKick = claimLocally(userId, session, policy);
		if (this.directory != null) {
			UserDirectory.Entry previous;
			try {
				previous = this.directory.claim(userId, session.id(), policy);
			}
			catch (RuntimeException ex) {
				unclaimLocally(userId, session);
				throw ex;
			}
			if (previous != null && !previous.nodeId().equals(this.directory.nodeId())
					&& policy == SingleSessionPolicy.KICK_PREVIOUS) {
				awaitKick(this.directory.requestKick(previous, "Logged in on another server"), previous);
			}
		}
		return toKick;
	}

	/** Waits, at most the persist timeout, for another node to kick and write a user. */
	private void awaitKick(CompletableFuture<Void> kicked, UserDirectory.Entry entry) {
		try {
			kicked.get(this.config.persistTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			logger.warn("Node {} did not confirm kicking user '{}' in time; continuing (its entry expires if it is gone)",
					entry.nodeId(), entry.userId());
		}
	}

	/** Kicks a session of this node at another node's request. */
	private CompletableFuture<Void> kickRequested(String userId, String sessionId, String reason) {
		Session session = this.byId.get(sessionId);
		if (session == null) {
			return this.persister.pendingFuture(userId);
		}
		session.kick(reason);
		return this.persister.pendingFuture(userId).exceptionally((ex) -> null);
	}

	private void refreshDirectory() {
		Map<String, String> sessionsByUser = new java.util.HashMap<>();
		this.byUser.forEach((userId, sessions) -> {
			if (!sessions.isEmpty()) {
				sessionsByUser.put(userId, sessions.get(sessions.size() - 1).id());
			}
		});
		if (this.directory != null) {
			this.directory.refresh(sessionsByUser);
		}
	}

	void unclaimUser(String userId, Session session) {
		unclaimLocally(userId, session);
		if (this.directory != null) {
			List<String[]> deferred = this.deferredReleases;
			if (deferred != null) {
				deferred.add(new String[] { userId, session.id() });
			}
			else {
				releaseInDirectory(userId, session.id());
			}
		}
	}

	/**
	 * Adds a session to the user's sessions on this node, applying the policy atomically.
	 * @return the sessions to kick
	 */
	private List<Session> claimLocally(String userId, Session session, SingleSessionPolicy policy) {
		if (this.byUser.putIfAbsent(userId, List.of(session)) == null) {
			return List.of();
		}
		List<Session> toKick = new ArrayList<>();
		this.byUser.compute(userId, (id, current) -> {
			List<Session> others = (current != null) ? liveOthers(current, session) : List.of();
			if (policy == SingleSessionPolicy.REJECT_NEW && !others.isEmpty()) {
				throw new UserAlreadyOnlineException("User '" + userId + "' already has a live session");
			}
			if (policy == SingleSessionPolicy.KICK_PREVIOUS || others.isEmpty()) {
				toKick.addAll(others);
				return List.of(session);
			}
			List<Session> sessions = new ArrayList<>(others.size() + 1);
			sessions.addAll(others);
			sessions.add(session);
			return List.copyOf(sessions);
		});
		return toKick;
	}

	private void unclaimLocally(String userId, Session session) {
		this.byUser.computeIfPresent(userId, (id, current) -> without(current, session));
	}

	/** The sessions of a user other than {@code session} that have not ended, in order. */
	private static List<Session> liveOthers(List<Session> sessions, Session session) {
		List<Session> others = null;
		for (Session other : sessions) {
			if (other != session && !other.state().isEnded()) {
				if (others == null) {
					others = new ArrayList<>(sessions.size());
				}
				others.add(other);
			}
		}
		return (others != null) ? others : List.of();
	}

	/** A user's sessions without {@code session}, in order; {@code null} when none remain. */
	private static @Nullable List<Session> without(List<Session> sessions, Session session) {
		if (!sessions.contains(session)) {
			return sessions;
		}
		if (sessions.size() == 1) {
			return null;
		}
		List<Session> remaining = new ArrayList<>(sessions);
		remaining.remove(session);
		return List.copyOf(remaining);
	}

	private void releaseInDirectory(String userId, String sessionId) {
		try {
			this.directory.release(userId, sessionId);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not release user '{}' in the directory; the entry expires by itself: {}", userId,
					ex.toString());
		}
	}

	/**
	 * Queues a user's data when its encoded form differs from the last queued one, and
	 * publishes {@link SessionEvent.PersistUserData}. Called with the session's lock held.
	 */
	CompletableFuture<Void> persistUser(Session session, UserRecord record, PersistReason reason) {
		synchronized (record) {
			String encoded;
			try {
				encoded = this.codec.encode(record.data());
			}
			catch (DataCodecException ex) {
				publish(new SessionEvent.PersistFailed(record.userId(), ex, false));
				return CompletableFuture.failedFuture(ex);
			}
			if (encoded.equals(record.lastQueued())) {
				return this.persister.pendingFuture(record.userId());
			}
			record.lastQueued(encoded);
			CompletableFuture<Void> written = this.persister.enqueue(record, encoded);
			publish(new SessionEvent.PersistUserData(session, record.userId(), record.data(), reason));
			return written;
		}
	}

	void reload(UserRecord record) {
		Optional<StoredUserData> stored;
		try {
			stored = this.userDataStore.load(record.userId());
		}
		catch (StoreException ex) {
			throw new PersistenceException("Cannot reload user data of '" + record.userId() + "': " + ex.getMessage(),
					ex);
		}
		synchronized (record) {
			if (stored.isPresent()) {
				record.data(this.codec.decode(stored.get().data(), this.config.userDataType()));
				record.version(stored.get().version());
				record.lastQueued(stored.get().data());
			}
			else {
				record.version(0);
				record.lastQueued(null);
			}
		}
	}

	// Internals

	private Session register(@Nullable String key) {
		if (isClosed()) {
			throw new IllegalStateException("The session manager is closed");
		}
		Session session = new Session(this, SessionIds.newId(), key, now());
		if (key != null && this.byKey.putIfAbsent(key, session) != null) {
			throw new DuplicateSessionKeyException("A live session already has the key '" + key + "'");
		}
		this.byId.put(session.id(), session);
		publish(new SessionEvent.Created(session));
		return session;
	}

	private InvalidSessionException invalid(String reference, InvalidReason reason, String detail) {
		publish(new SessionEvent.Invalid(null, reference, reason, detail));
		return new InvalidSessionException(reason, detail);
	}

	private void destroyAll(boolean persist, DestroyReason reason) {
		for (Session session : this.byId.values()) {
			try {
				session.destroy(persist, reason);
			}
			catch (RuntimeException ex) {
				logger.error("Destroying session {} failed", session.maskedId(), ex);
			}
		}
	}

	private void persistOnInterval() {
		persistAll(PersistReason.INTERVAL);
		for (Session session : this.byId.values()) {
			session.saveDataQuietly();
		}
	}

	private CompletableFuture<Void> persistAll(PersistReason reason) {
		List<CompletableFuture<Void>> writes = new ArrayList<>();
		for (Session session : this.byId.values()) {
			UserRecord record = session.userRecord();
			if (record != null && !session.state().isEnded()) {
				writes.add(this.persistUser(session, record, reason));
			}
		}
		return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
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

		public SessionManager build() {
			return new SessionManager(this);
		}

	}

}
