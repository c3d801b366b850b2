package dev.gamesessions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.gamesessions.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected human: a live, in-process object created by a {@link SessionManager}.
 * <p>
 * A session has a public {@link #id()}, a secret {@link #resumeToken()} with which the same
 * player resumes it after a dropped connection, an optional {@link #key()}, transient
 * attributes (any Java object, never persisted: the client messenger, a logger),
 * persisted {@link #data() session data}, and once identified a {@link #userId()} with
 * {@link #userData() user data}.
 * <p>
 * Its {@link #state() state} moves {@code NEW → STARTED → IDENTIFIED → DISCONNECTED →
 * DESTROYING → DESTROYED}; a disconnected session returns to its previous state when
 * resumed within the reconnect grace window. Operations that do not fit the state fail
 * with {@link IllegalSessionStateException}. Every method is thread-safe; lifecycle events
 * of one session are delivered in order (see {@link SessionListener}).
 */
public final class Session {

	/**
	 * Name of the attribute holding the session's {@link ClientMessenger}.
	 */
	public static final String CLIENT_ATTRIBUTE = "client";

	private static final Logger logger = LoggerFactory.getLogger(Session.class);

	private static final int MAX_USER_ID_LENGTH = 256;

	private final SessionManager manager;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile String id;

	/** Issued on first use; {@code null} until then and again once used or revoked. */
	private final AtomicReference<@Nullable String> resumeToken = new AtomicReference<>();

	private final @Nullable String key;

	private volatile SessionState state = SessionState.NEW;

	/** State to return to when resumed; guarded by lock. */
	private SessionState stateBeforeDisconnect = SessionState.NEW;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private volatile @Nullable UserRecord user;

	private final SessionData data;

	private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

	private final Instant createdAt;

	private volatile Instant lastAccessedAt;

	/** Guarded by lock. */
	private @Nullable ScheduledFuture<?> graceExpiry;

	/**
	 * Set while the session is being kicked, so that its connection closing (which the kick
	 * causes) does not also count as a disconnect. Guarded by lock.
	 */
	private boolean kicking;

	Session(SessionManager manager, String id, @Nullable String key, Instant now) {
		this.manager = manager;
		this.id = id;
		this.key = key;
		this.createdAt = now;
		this.lastAccessedAt = now;
		this.data = new SessionData(this, manager);
	}

	/**
	 * Public identifier: 128 random bits from {@code SecureRandom}, URL-safe Base64. Changes
	 * on {@link #renew()}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * A form of the id safe to log and show: its first characters.
	 * @return the masked id
	 */
	public String maskedId() {
		return SessionIds.mask(this.id);
	}

	/**
	 * Secret with which the player resumes this session on a new connection
	 * ({@link SessionManager#resume(String)}): 256 random bits, URL-safe Base64. Never log
	 * it.
	 * <p>
	 * The token is issued by the first call, so a session that never hands one out costs
	 * none; later calls return the same token. Single use: a resume and {@link #renew()}
	 * revoke it (it stops resolving at once), and the next call issues a new one. A token
	 * first asked for after the session ended never resolves.
	 * @return the current resume token
	 */
	public String resumeToken() {
		String token = this.resumeToken.get();
		return (token != null) ? token : issueResumeToken();
	}

	/**
	 * The key given at {@link SessionManager#create(String)}.
	 * @return the key, or {@code null}
	 */
	public @Nullable String key() {
		return this.key;
	}

	/**
	 * The lifecycle state.
	 * @return the state
	 */
	public SessionState state() {
		return this.state;
	}

	/**
	 * When the session was created.
	 * @return the creation time
	 */
	public Instant createdAt() {
		return this.createdAt;
	}

	/**
	 * When the session was last active: created, started, identified, resumed or
	 * {@link #touch() touched}. Sessions idle for longer than the session duration are
	 * destroyed.
	 * @return the time of last activity
	 */
	public Instant lastAccessedAt() {
		return this.lastAccessedAt;
	}

	/**
	 * Records activity (an inbound message, a request), deferring the idle timeout.
	 */
	public void touch() {
		this.lastAccessedAt = this.manager.now();
	}

	// Attributes

	/**
	 * Sets a transient attribute: any live object, never persisted.
	 * @param name the name
	 * @param value the value
	 * @return the previous value, or {@code null}
	 */
	public @Nullable Object set(String name, Object value) {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(value, "value");
		return this.attributes.put(name, value);
	}

	/**
	 * Returns a transient attribute.
	 * @param name the name
	 * @return the value, or {@code null}
	 */
	public @Nullable Object get(String name) {
		return this.attributes.get(name);
	}

	/**
	 * Returns a transient attribute of a type.
	 * @param <T> the type
	 * @param name the name
	 * @param type the expected type
	 * @return the value, or {@code null} when there is none
	 * @throws ClassCastException when the value is of another type
	 */
	public <T> @Nullable T get(String name, Class<T> type) {
		return type.cast(this.attributes.get(name));
	}

	/**
	 * Removes a transient attribute.
	 * @param name the name
	 * @return the removed value, or {@code null}
	 */
	public @Nullable Object remove(String name) {
		return this.attributes.remove(name);
	}

	/**
	 * The names of the transient attributes.
	 * @return a snapshot of the names
	 */
	public Set<String> attributeNames() {
		return Set.copyOf(this.attributes.keySet());
	}

	/**
	 * The messenger to the player's current connection, set by the WebSocket integration.
	 * @return the messenger, or {@code null} when none is attached
	 */
	public @Nullable ClientMessenger client() {
		return get(CLIENT_ATTRIBUTE, ClientMessenger.class);
	}

	/**
	 * The persisted session data.
	 * @return the session data, loaded from the store on first use
	 */
	public SessionData data() {
		return this.data;
	}

	// Lifecycle

	/**
	 * Starts the session: the player is connected. Publishes {@link SessionEvent.Started}.
	 * @throws IllegalSessionStateException unless the session is {@link SessionState#NEW}
	 */
	public void start() {
		this.lock.lock();
		try {
			requireState("start", SessionState.NEW);
			this.state = SessionState.STARTED;
			touch();
			publish(new SessionEvent.Started(this));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Identifies the session as a user, loading the user's data from the store, or creating
	 * it with the {@link UserDataFactory} for a first-time player. Applies the single-session
	 * policy, then publishes {@link SessionEvent.Identified}. Identifying again as the same
	 * user keeps the current user data.
	 * @param userId the user id, not blank, at most 256 characters
	 * @throws IllegalSessionStateException unless the session is started (or already
	 * identified as the same user)
	 * @throws UserAlreadyOnlineException when the user has a live session and the policy is
	 * {@link SingleSessionPolicy#REJECT_NEW}
	 * @throws PersistenceException when the store cannot be reached
	 * @throws CorruptDataException when the stored data cannot be decoded and the policy is
	 * {@link CorruptDataPolicy#FAIL}
	 */
	public void identify(String userId) {
		attachUser(userId, null);
	}

	/**
	 * Identifies the session as a user with the given user data, which replaces what is
	 * stored for that user at the next persist (Cagey's {@code setUser}). Otherwise as
	 * {@link #identify(String)}.
	 * @param userId the user id, not blank, at most 256 characters
	 * @param userData the user data, encodable by the manager's codec
	 */
	public void setUser(String userId, Object userData) {
		Objects.requireNonNull(userData, "userData");
		attachUser(userId, userData);
	}

	/**
	 * The user id, once identified.
	 * @return the user id, or {@code null}
	 */
	public @Nullable String userId() {
		UserRecord record = this.user;
		return (record != null) ? record.userId() : null;
	}

	/**
	 * The user data, once identified. Mutate it in place freely: the next persist compares
	 * its encoded form with the last written one, so no change is lost and an unchanged
	 * value costs no write. Sessions of the same user on this node share one user data
	 * object.
	 * @return the user data, or {@code null}
	 */
	public @Nullable Object userData() {
		UserRecord record = this.user;
		return (record != null) ? record.data() : null;
	}

	/**
	 * The user data as a type.
	 * @param <T> the type
	 * @param type the configured user data type
	 * @return the user data
	 * @throws IllegalSessionStateException when the session is not identified
	 * @throws ClassCastException when the user data is of another type
	 */
	public <T> T userData(Class<T> type) {
		UserRecord record = this.user;
		if (record == null) {
			throw new IllegalSessionStateException("Session " + maskedId() + " is not identified");
		}
		return type.cast(record.data());
	}

	/**
	 * Replaces the user data (for immutable types such as records).
	 * @param userData the new user data
	 * @throws IllegalSessionStateException when the session is not identified or has ended
	 */
	public void userData(Object userData) {
		Objects.requireNonNull(userData, "userData");
		UserRecord record = requireUser("replace user data");
		record.data(userData);
	}

	/**
	 * Whether the session is identified as a user.
	 * @return {@code true} when {@link #userId()} is set
	 */
	public boolean isIdentified() {
		return this.user != null;
	}

	/**
	 * Persists the user data now and waits until it is durable, for use after critical
	 * moments such as spending currency. Returns at once when the data has not changed since
	 * the last persist (and that persist is done). Waits at most the configured persist
	 * timeout.
	 * @throws PersistenceException when the write failed, conflicted with another writer,
	 * or was not durable within the timeout (it then stays queued and is retried)
	 * @throws IllegalSessionStateException when the session is not identified or has ended
	 */
	public void persistNow() {
		persistNow(this.manager.config().persistTimeout());
	}

	/**
	 * Persists the user data now and waits at most {@code timeout} until it is durable.
	 * @param timeout how long to wait
	 * @see #persistNow()
	 */
	public void persistNow(Duration timeout) {
		CompletableFuture<Void> future = persistAsync();
		try {
			future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			PersistenceStatus status = this.manager.persistenceStatus();
			throw new PersistenceException("User data of '" + userId() + "' was not durable within " + timeout
					+ "; the write stays queued and will be retried", status.lastFailure());
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof VersionConflictException conflict) {
				throw new VersionConflictException(conflict.getUserId(), conflict.getExpectedVersion(),
						conflict.getStoredVersion());
			}
			throw new PersistenceException("User data of '" + userId() + "' was not written: " + cause, cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PersistenceException("Interrupted while waiting for user data of '" + userId() + "'", ex);
		}
	}

	/**
	 * Queues the user data for writing when it changed since the last persist.
	 * @return completes when the data is durable
	 * @throws IllegalSessionStateException when the session is not identified or has ended
	 */
	public CompletableFuture<Void> persistAsync() {
		this.lock.lock();
		try {
			UserRecord record = requireUser("persist");
			return this.manager.persistUser(this, record, PersistReason.EXPLICIT);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Reloads the user data from the store, discarding local changes; for use after a
	 * {@link VersionConflictException}, when another writer holds newer data.
	 * @throws IllegalSessionStateException when the session is not identified or has ended
	 * @throws PersistenceException when the store cannot be reached
	 */
	public void reloadUserData() {
		this.lock.lock();
		try {
			UserRecord record = requireUser("reload user data");
			this.manager.reload(record);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Marks the connection as lost. Publishes {@link SessionEvent.Disconnected}, persists
	 * user data when {@link PersistTrigger#DISCONNECT} is a trigger, saves session data, and
	 * keeps the session for the reconnect grace window, after which it is destroyed. With
	 * no grace window it is destroyed at once. Does nothing when already disconnected or
	 * ended.
	 */
	public void disconnect() {
		this.lock.lock();
		try {
			if (this.state == SessionState.DISCONNECTED || this.state.isEnded() || this.kicking) {
				return;
			}
			this.stateBeforeDisconnect = this.state;
			this.state = SessionState.DISCONNECTED;
			publish(new SessionEvent.Disconnected(this));
			boolean persist = this.manager.willPersistUserDataOn(PersistTrigger.DISCONNECT);
			if (persist) {
				persistIfIdentified(PersistReason.DISCONNECT);
			}
			saveDataQuietly();
			Duration grace = this.manager.config().reconnectGrace();
			if (grace.isZero()) {
				destroy(persist, DestroyReason.GRACE_EXPIRED);
			}
			else {
				this.graceExpiry = this.manager.schedule(this::expireGrace, grace);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Issues a new id and resume token, keeping attributes, session data and user data (as
	 * after a login, against session fixation). The old id and token stop resolving; the new
	 * token is issued by the next {@link #resumeToken()} call.
	 * @throws IllegalSessionStateException when the session has ended
	 * @throws StoreException when the session data cannot be moved to the new id
	 */
	public void renew() {
		this.lock.lock();
		try {
			requireNotEnded("renew");
			String oldId = this.id;
			String newId = SessionIds.newId();
			if (this.data.isLoaded()) {
				this.manager.sessionDataStore().rename(oldId, newId, this.manager.config().sessionDuration());
			}
			this.id = newId;
			this.manager.reindexId(this, oldId);
			revokeResumeToken();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Destroys the session, persisting user data when {@link PersistTrigger#DISCONNECT} is a
	 * trigger.
	 * @return {@code true}, or {@code false} when it was already destroying or destroyed
	 */
	public boolean destroy() {
		return destroy(this.manager.willPersistUserDataOn(PersistTrigger.DISCONNECT));
	}

	/**
	 * Destroys the session: publishes {@link SessionEvent.BeforeDestroy}, persists user data
	 * when asked (and changed), removes the session data, unregisters the session and
	 * publishes {@link SessionEvent.Destroyed}. Destroying twice does nothing.
	 * @param persist whether to persist user data
	 * @return {@code true}, or {@code false} when it was already destroying or destroyed
	 */
	public boolean destroy(boolean persist) {
		return destroy(persist, DestroyReason.REQUESTED);
	}

	boolean destroy(boolean persist, DestroyReason reason) {
		this.lock.lock();
		try {
			if (this.state.isEnded()) {
				return false;
			}
			cancelGrace();
			this.state = SessionState.DESTROYING;
			publish(new SessionEvent.BeforeDestroy(this, reason));
			if (persist) {
				persistIfIdentified((reason == DestroyReason.SHUTDOWN) ? PersistReason.SHUTDOWN : PersistReason.DESTROY);
			}
			if (this.data.isLoaded()) {
				try {
					this.manager.sessionDataStore().delete(this.id);
				}
				catch (StoreException ex) {
					logger.warn("Could not delete session data of session {}; it expires by itself: {}", maskedId(),
							ex.toString());
				}
			}
			this.manager.unregister(this);
			UserRecord record = this.user;
			if (record != null) {
				this.manager.releaseUser(this, record);
			}
			this.state = SessionState.DESTROYED;
			publish(new SessionEvent.Destroyed(this, reason));
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	// Listeners

	/**
	 * Registers a listener for this session's events of one type.
	 * @param <E> the event type
	 * @param type the event type, such as {@code SessionEvent.Identified.class}
	 * @param listener the listener
	 * @return a subscription that removes the listener when closed
	 */
	public <E extends SessionEvent> Subscription on(Class<E> type, Consumer<? super E> listener) {
		return addListener(EventDispatcher.typed(type, listener));
	}

	/**
	 * Registers a listener for all of this session's events.
	 * @param listener the listener
	 * @return a subscription that removes the listener when closed
	 */
	public Subscription addListener(SessionListener listener) {
		Objects.requireNonNull(listener, "listener");
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	@Override
	public String toString() {
		return "Session{id=" + maskedId() + ", state=" + this.state + ((this.key != null) ? ", key=" + this.key : "")
				+ ((this.user != null) ? ", userId=" + userId() : "") + "}";
	}

	// Package-private, for the manager

	List<SessionListener> listeners() {
		return this.listeners;
	}

	@Nullable UserRecord userRecord() {
		return this.user;
	}

	/** The resume token if one is issued; never issues one. */
	@Nullable String issuedResumeToken() {
		return this.resumeToken.get();
	}

	/** Resumes with a token; the caller checked that the token indexes this session. */
	boolean resume(String token) {
		this.lock.lock();
		try {
			if (this.state.isEnded() || !token.equals(this.resumeToken.get())) {
				return false;
			}
			cancelGrace();
			if (this.state == SessionState.DISCONNECTED) {
				this.state = this.stateBeforeDisconnect;
			}
			revokeResumeToken();
			touch();
			publish(new SessionEvent.Reconnected(this));
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Kicked by the single-session policy or by an operator. */
	void kick(String reason) {
		this.lock.lock();
		try {
			if (this.state.isEnded()) {
				return;
			}
			this.kicking = true;
			publish(new SessionEvent.Kicked(this, reason));
			destroy(this.manager.willPersistUserDataOn(PersistTrigger.DISCONNECT), DestroyReason.KICKED);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Persists changed user data, if identified; used by the interval and destroy. */
	void persistIfIdentified(PersistReason reason) {
		this.lock.lock();
		try {
			UserRecord record = this.user;
			if (record != null) {
				this.manager.persistUser(this, record, reason).exceptionally((ex) -> null);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Saves session data, logging a store failure (the changes stay pending). */
	void saveDataQuietly() {
		try {
			this.data.save();
		}
		catch (StoreException ex) {
			logger.warn("Could not save session data of session {}; it stays pending: {}", maskedId(), ex.toString());
		}
	}

	private void attachUser(String userId, @Nullable Object given) {
		checkUserId(userId);
		UserRecord current = this.user;
		if (current != null) {
			if (!current.userId().equals(userId)) {
				throw new IllegalSessionStateException("Session " + maskedId() + " is identified as '"
						+ current.userId() + "' and cannot become '" + userId + "'; destroy it and create a new one");
			}
			this.lock.lock();
			try {
				requireState("identify", SessionState.IDENTIFIED);
				if (given != null) {
					current.data(given);
				}
				publish(new SessionEvent.Identified(this, userId, current.data(), false));
			}
			finally {
				this.lock.unlock();
			}
			return;
		}
		requireState("identify", SessionState.STARTED);
		// Claim first: a session of this user elsewhere is kicked and its data written before
		// ours is loaded, so the hand-over never reads stale data.
		List<Session> previous = this.manager.claimUser(userId, this);
		for (Session other : previous) {
			other.kick("Logged in from another session");
		}
		UserRecords.Acquired acquired;
		try {
			acquired = this.manager.acquireUser(userId, given);
		}
		catch (RuntimeException ex) {
			this.manager.unclaimUser(userId, this);
			throw ex;
		}
		this.lock.lock();
		try {
			if (this.state != SessionState.STARTED) {
				this.manager.unclaimUser(userId, this);
				this.manager.releaseUserRecord(acquired.record());
				throw illegalState("identify", SessionState.STARTED);
			}
			this.user = acquired.record();
			this.state = SessionState.IDENTIFIED;
			touch();
			publish(new SessionEvent.Identified(this, userId, acquired.record().data(), acquired.firstTime()));
		}
		finally {
			this.lock.unlock();
		}
	}

	private void expireGrace() {
		this.lock.lock();
		try {
			if (this.state == SessionState.DISCONNECTED) {
				destroy(this.manager.willPersistUserDataOn(PersistTrigger.DISCONNECT), DestroyReason.GRACE_EXPIRED);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void cancelGrace() {
		ScheduledFuture<?> expiry = this.graceExpiry;
		if (expiry != null) {
			expiry.cancel(false);
			this.graceExpiry = null;
		}
	}

	private String issueResumeToken() {
		String issued = SessionIds.newToken();
		if (!this.resumeToken.compareAndSet(null, issued)) {
			// Another thread issued one first, or it was revoked meanwhile.
			return resumeToken();
		}
		this.manager.indexToken(this, issued);
		return issued;
	}

	/** Makes the current token stop resolving; the next {@link #resumeToken()} issues one. */
	private void revokeResumeToken() {
		String revoked = this.resumeToken.getAndSet(null);
		if (revoked != null) {
			this.manager.unindexToken(this, revoked);
		}
	}

	private void publish(SessionEvent event) {
		this.manager.publish(event);
	}

	private UserRecord requireUser(String action) {
		UserRecord record = this.user;
		if (record == null) {
			throw new IllegalSessionStateException(
					"Cannot " + action + ": session " + maskedId() + " is not identified (state " + this.state + ")");
		}
		requireNotEnded(action);
		return record;
	}

	private void requireNotEnded(String action) {
		if (this.state.isEnded()) {
			throw new IllegalSessionStateException(
					"Cannot " + action + ": session " + maskedId() + " is " + this.state);
		}
	}

	private void requireState(String action, SessionState expected) {
		if (this.state != expected) {
			throw illegalState(action, expected);
		}
	}

	private IllegalSessionStateException illegalState(String action, SessionState expected) {
		return new IllegalSessionStateException("Cannot " + action + ": session " + maskedId() + " is " + this.state
				+ " but must be " + expected);
	}

	private static void checkUserId(String userId) {
		Objects.requireNonNull(userId, "userId");
		if (userId.isBlank() || userId.length() > MAX_USER_ID_LENGTH) {
			throw new IllegalArgumentException(
					"User ids must be non-blank and at most " + MAX_USER_ID_LENGTH + " characters");
		}
	}

}
