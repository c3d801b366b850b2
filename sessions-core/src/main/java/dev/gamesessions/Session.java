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
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
 * with {@link IllegalSessionStateException}. Every method is thread-safe.
 * <p>
 * A method changes the state at once, atomically, then delivers the events it raised,
 * with no lock held. One session's events are delivered one at a time, in the order of
 * the state changes that raised them: when another delivery of this session is under way
 * (on another thread, or further up this thread's stack: a listener acting on its own
 * session), the new events are delivered after it by the thread running it, and the method
 * returns without waiting for them. See {@link SessionListener}.
 */
public final class Session {

	/**
	 * Name of the attribute holding the session's {@link ClientMessenger}.
	 */
	public static final String CLIENT_ATTRIBUTE = "client";

	private static final Logger logger = LoggerFactory.getLogger(Session.class);

	private static final int MAX_USER_ID_LENGTH = 256;

	private final Engine engine;

	/** Guards state transitions only: never held while a listener, a send or a store call runs. */
	private final Object lock = new Object();

	private final SessionMailbox mailbox = new SessionMailbox();

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

	/** Whether this is a copy restored from the store, which other nodes may change. */
	private final boolean restored;

	private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

	private final Instant createdAt;

	/**
	 * When the session was last active, in milliseconds of the engine's clock: a long, not an
	 * {@link Instant}, so that recording each inbound message allocates nothing.
	 */
	private volatile long lastAccessedMillis;

	/** Guarded by lock. */
	private @Nullable ScheduledFuture<?> graceExpiry;

	/** Whether a {@link #renew()} is moving the session data; guarded by lock. */
	private boolean renewing;

	/** Completes once destroyed; created on demand, guarded by lock. */
	private @Nullable CompletableFuture<Void> destroyed;

	Session(Engine engine, String id, @Nullable String key, Instant now, boolean restored) {
		this.engine = engine;
		this.id = id;
		this.key = key;
		this.createdAt = now;
		this.lastAccessedMillis = now.toEpochMilli();
		this.restored = restored;
		this.data = new SessionData(this, engine, restored);
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
		return Instant.ofEpochMilli(this.lastAccessedMillis);
	}

	/** {@link #lastAccessedAt()} in milliseconds since the epoch. */
	long lastAccessedMillis() {
		return this.lastAccessedMillis;
	}

	/**
	 * Records activity (an inbound message, a request), deferring the idle timeout. Called
	 * for every message: it allocates nothing, and writes only when the millisecond changed.
	 */
	public void touch() {
		long now = this.engine.millis();
		if (now != this.lastAccessedMillis) {
			this.lastAccessedMillis = now;
		}
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
		synchronized (this.lock) {
			requireState("start", SessionState.NEW);
			this.state = SessionState.STARTED;
			touch();
			post(new SessionEvent.Started(this));
		}
		deliver();
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
	 * @throws HandOverTimeoutException when another node holds the user and did not confirm
	 * writing them within the persist timeout (this call waits that long at most; use
	 * {@link #identifyAsync(String)} on threads that must not wait)
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
	 * Identifies the session as a user without waiting on the calling thread: the
	 * directory claim, the hand-over from another node and the store load run on the
	 * manager's I/O threads, and the returned future completes once identified (after the
	 * {@link SessionEvent.Identified} event). Use it on threads that must not block, such
	 * as WebSocket or event-loop threads. Otherwise as {@link #identify(String)}.
	 * @param userId the user id, not blank, at most 256 characters
	 * @return completes when identified; exceptionally with what {@link #identify(String)}
	 * throws, such as {@link HandOverTimeoutException}
	 */
	public CompletableFuture<Void> identifyAsync(String userId) {
		return attachUserAsync(userId, null);
	}

	/**
	 * {@link #setUser(String, Object)} without waiting on the calling thread, as
	 * {@link #identifyAsync(String)}.
	 * @param userId the user id, not blank, at most 256 characters
	 * @param userData the user data, encodable by the manager's codec
	 * @return completes when identified
	 */
	public CompletableFuture<Void> setUserAsync(String userId, Object userData) {
		Objects.requireNonNull(userData, "userData");
		return attachUserAsync(userId, userData);
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
		persistNow(this.engine.config.persistTimeout());
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
			PersistenceStatus status = this.engine.persister.status();
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
		UserRecord record = requireUser("persist");
		CompletableFuture<Void> written = persist(record, PersistReason.EXPLICIT);
		deliver();
		return written;
	}

	/**
	 * Reloads the user data from the store, discarding local changes; for use after a
	 * {@link VersionConflictException}, when another writer holds newer data.
	 * @throws IllegalSessionStateException when the session is not identified or has ended
	 * @throws PersistenceException when the store cannot be reached
	 */
	public void reloadUserData() {
		this.engine.records.reload(requireUser("reload user data"));
	}

	/**
	 * Marks the connection as lost. Publishes {@link SessionEvent.Disconnected}, persists
	 * user data when {@link PersistTrigger#DISCONNECT} is a trigger, saves session data, and
	 * keeps the session for the reconnect grace window, after which it is destroyed. With
	 * no grace window, or while the manager shuts down, it is destroyed at once. Does
	 * nothing when already disconnected or ended. Never waits for another session, a
	 * listener running elsewhere or a store: safe to call from a transport's close callback.
	 */
	public void disconnect() {
		disconnect(true);
	}

	/**
	 * {@link #disconnect()} for a transport's close callback: the state changes at once, and
	 * the events and the store work that follow (persisting, saving session data) run on the
	 * manager's event executor, so the transport's thread never waits for a store.
	 */
	public void disconnectAsync() {
		disconnect(false);
	}

	private void disconnect(boolean inline) {
		boolean persist = this.engine.config.persistsOn(PersistTrigger.DISCONNECT);
		synchronized (this.lock) {
			if (this.state == SessionState.DISCONNECTED || this.state.isEnded()) {
				return;
			}
			this.stateBeforeDisconnect = this.state;
			this.state = SessionState.DISCONNECTED;
			post(new SessionEvent.Disconnected(this));
			Duration grace = this.engine.config.reconnectGrace();
			ScheduledFuture<?> expiry = (grace.isZero() || this.engine.isClosing()) ? null
					: this.engine.scheduler.once(grace, "reconnect grace", this::expireGrace);
			if (expiry != null) {
				this.graceExpiry = expiry;
				this.mailbox.post(() -> afterDisconnect(persist));
			}
			else {
				beginDestroy(persist,
						this.engine.isClosing() ? DestroyReason.SHUTDOWN : DestroyReason.GRACE_EXPIRED);
			}
		}
		deliver(inline);
	}

	/**
	 * Reconnects a {@link SessionState#DISCONNECTED} session on a new connection whose
	 * player was recognised by other means than the resume token (a signed cookie, the HTTP
	 * session): as {@link SessionManager#resume(String)}, it returns to its previous state,
	 * its grace window is cancelled and {@link SessionEvent.Reconnected} is published; the
	 * resume token stays as it is. A connected session is left as it is.
	 * @return {@code true} when the session is live (reconnected, or connected already),
	 * {@code false} when it has ended
	 */
	public boolean reconnect() {
		synchronized (this.lock) {
			if (this.state.isEnded()) {
				return false;
			}
			if (this.state != SessionState.DISCONNECTED) {
				return true;
			}
			cancelGrace();
			this.state = this.stateBeforeDisconnect;
			touch();
			post(new SessionEvent.Reconnected(this));
		}
		deliver();
		return true;
	}

	/**
	 * Issues a new id and resume token, keeping attributes, session data and user data (as
	 * after a login, against session fixation). The stored session data moves to the new id
	 * and the cluster directory names the new id; the old id and token stop resolving, on
	 * every node sharing the store. The new token is issued by the next
	 * {@link #resumeToken()} call.
	 * @throws IllegalSessionStateException when the session has ended, or another renew of
	 * it is under way
	 * @throws StoreException when the session data cannot be moved to the new id; the
	 * session keeps its id then
	 */
	public void renew() {
		String oldId;
		boolean moveData;
		synchronized (this.lock) {
			requireNotEnded("renew");
			if (this.renewing) {
				throw new IllegalSessionStateException("Cannot renew: session " + maskedId() + " is being renewed");
			}
			this.renewing = true;
			oldId = this.id;
			moveData = this.data.mayBeStored();
		}
		String newId = SessionIds.newId();
		boolean ended;
		try {
			if (moveData) {
				this.engine.sessionDataStore.rename(oldId, newId, this.engine.config.duration());
			}
		}
		finally {
			synchronized (this.lock) {
				this.renewing = false;
				ended = this.state.isEnded();
				if (!ended) {
					this.id = newId;
					this.engine.registry.renamed(this, oldId);
					revokeResumeToken();
				}
			}
		}
		if (ended) {
			if (moveData) {
				deleteStoredData(newId);
			}
			throw new IllegalSessionStateException("Cannot renew: session " + maskedId() + " ended meanwhile");
		}
		UserRecord record = this.user;
		if (record != null) {
			this.engine.claims.renamed(record.userId(), oldId, newId);
		}
	}

	/**
	 * Destroys the session, persisting user data when {@link PersistTrigger#DISCONNECT} is a
	 * trigger.
	 * @return {@code true}, or {@code false} when it was already destroying or destroyed
	 */
	public boolean destroy() {
		return destroy(this.engine.config.persistsOn(PersistTrigger.DISCONNECT));
	}

	/**
	 * Destroys the session: publishes {@link SessionEvent.BeforeDestroy}, then, once its
	 * listeners are done, persists user data when asked (and changed), removes the session
	 * data, unregisters the session and publishes {@link SessionEvent.Destroyed}. The state
	 * is {@link SessionState#DESTROYING} from the call on, and {@link SessionState#DESTROYED}
	 * when this returns unless it was called while another delivery of this session's events
	 * was under way (from a listener of this session, say): the destroy then completes right
	 * after that delivery. Destroying twice does nothing.
	 * @param persist whether to persist user data
	 * @return {@code true}, or {@code false} when it was already destroying or destroyed
	 */
	public boolean destroy(boolean persist) {
		return destroy(persist, DestroyReason.REQUESTED, true);
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

	// Package-private, for the engine's parts

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

	/**
	 * Destroys the session.
	 * @param inline whether to deliver the events on this thread (an application's call)
	 * or on the event executor (a timer's or the shutdown's)
	 */
	boolean destroy(boolean persist, DestroyReason reason, boolean inline) {
		boolean started;
		synchronized (this.lock) {
			started = beginDestroy(persist, reason);
		}
		deliver(inline);
		return started;
	}

	/**
	 * Starts the destroy of a shutdown: the session ends at once (it takes no identify,
	 * resume or message any more), and its events and its user data's write wait in its
	 * turn for {@link #deliverQueued()}. Runs no application code.
	 */
	void beginShutdownDestroy(boolean persist) {
		synchronized (this.lock) {
			beginDestroy(persist, DestroyReason.SHUTDOWN);
		}
	}

	/**
	 * Runs this session's queued steps on the calling thread, unless another thread is
	 * running them (it then runs these too).
	 */
	void deliverQueued() {
		this.mailbox.run();
	}

	/** Completes once the session is destroyed. */
	CompletableFuture<Void> whenDestroyed() {
		synchronized (this.lock) {
			if (this.state == SessionState.DESTROYED) {
				return CompletableFuture.completedFuture(null);
			}
			if (this.destroyed == null) {
				this.destroyed = new CompletableFuture<>();
			}
			return this.destroyed;
		}
	}

	/** Resumes with a token; the caller checked that the token indexes this session. */
	boolean resume(String token) {
		synchronized (this.lock) {
			if (this.state.isEnded() || !token.equals(this.resumeToken.get())) {
				return false;
			}
			cancelGrace();
			if (this.state == SessionState.DISCONNECTED) {
				this.state = this.stateBeforeDisconnect;
			}
			revokeResumeToken();
			touch();
			post(new SessionEvent.Reconnected(this));
		}
		deliver();
		return true;
	}

	/** Kicked by the single-session policy on this node or by an operator. */
	void kick(String reason) {
		synchronized (this.lock) {
			if (this.state.isEnded()) {
				return;
			}
			post(new SessionEvent.Kicked(this, reason));
			beginDestroy(this.engine.config.persistsOn(PersistTrigger.DISCONNECT), DestroyReason.KICKED);
		}
		deliver();
	}

	/**
	 * Kicked because the user logs in on another node: the user data is queued for writing
	 * before any listener runs, so the other node's wait for it never depends on
	 * application code, and the events run on the event executor, not on the caller (the
	 * directory's listener thread).
	 */
	void kickForHandOver(String reason) {
		UserRecord record = this.user;
		UserRecords.Queued queued = (record != null && !this.state.isEnded()) ? this.engine.records.persist(record)
				: null;
		synchronized (this.lock) {
			if (this.state.isEnded()) {
				return;
			}
			if (record != null && queued != null && queued.queued()) {
				post(new SessionEvent.PersistUserData(this, record.userId(), record.data(), PersistReason.DESTROY));
			}
			post(new SessionEvent.Kicked(this, reason));
			beginDestroy(true, DestroyReason.KICKED);
		}
		deliver(false);
	}

	/**
	 * Ended because another node took the user over while this one was out of touch: no
	 * user data is written (it would overwrite the new owner's); events run on the event
	 * executor.
	 */
	void kickFenced(String reason) {
		synchronized (this.lock) {
			if (this.state.isEnded()) {
				return;
			}
			post(new SessionEvent.Kicked(this, reason));
			beginDestroy(false, DestroyReason.KICKED);
		}
		deliver(false);
	}

	/**
	 * Queues changed user data for writing (persist-all, the interval) and delivers the
	 * {@link SessionEvent.PersistUserData} event on this thread, unless a delivery of this
	 * session is under way elsewhere. Callers are application threads or the manager's I/O
	 * threads, never its timer.
	 * @return the write's future, or {@code null} when the session has no user or ended
	 */
	@Nullable CompletableFuture<Void> persistFor(PersistReason reason) {
		UserRecord record = this.user;
		if (record == null || this.state.isEnded()) {
			return null;
		}
		CompletableFuture<Void> written = persist(record, reason);
		deliver();
		return written;
	}

	/** Saves changed session data in this session's turn, on the event executor. */
	void saveDataLater() {
		if (this.data.isDirty()) {
			this.mailbox.post(this::saveDataQuietly);
			deliver(false);
		}
	}

	/** Queues an event of this session; it is delivered in its turn. */
	void publish(SessionEvent event) {
		synchronized (this.lock) {
			post(event);
		}
		deliver();
	}

	boolean isRestoredCopy() {
		return this.restored;
	}

	/** Forgets a local copy whose stored data another node renewed away or destroyed. */
	void retire() {
		this.data.forgetStored();
		destroy(false, DestroyReason.REQUESTED, true);
	}

	private void attachUser(String userId, @Nullable Object given) {
		checkUserId(userId);
		if (reidentify(userId, given)) {
			return;
		}
		UserClaims.Claim claim = claim(userId);
		UserDirectory.Entry remote = claim.remoteToKick();
		if (remote != null) {
			try {
				handOver(remote).get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw handOverFailed(userId, remote);
			}
			catch (ExecutionException ex) {
				throw handOverFailed(userId, remote);
			}
		}
		acquireAndAttach(userId, given);
	}

	private CompletableFuture<Void> attachUserAsync(String userId, @Nullable Object given) {
		try {
			checkUserId(userId);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		Executor io = this.engine.io;
		return CompletableFuture.supplyAsync(() -> reidentify(userId, given) ? null : claim(userId), io)
			.thenCompose((claim) -> {
				if (claim == null) {
					return CompletableFuture.completedFuture(null);
				}
				UserDirectory.Entry remote = claim.remoteToKick();
				CompletableFuture<Void> handedOver = (remote != null) ? handOver(remote)
						: CompletableFuture.completedFuture(null);
				return handedOver.handleAsync((result, failure) -> {
					if (failure != null && remote != null) {
						throw handOverFailed(userId, remote);
					}
					acquireAndAttach(userId, given);
					return null;
				}, io);
			});
	}

	/**
	 * Identifies again as the current user, if there is one.
	 * @return whether the session was identified already
	 */
	private boolean reidentify(String userId, @Nullable Object given) {
		UserRecord current = this.user;
		if (current == null) {
			return false;
		}
		if (!current.userId().equals(userId)) {
			throw new IllegalSessionStateException("Session " + maskedId() + " is identified as '" + current.userId()
					+ "' and cannot become '" + userId + "'; destroy it and create a new one");
		}
		synchronized (this.lock) {
			requireState("identify", SessionState.IDENTIFIED);
			if (given != null) {
				current.data(given);
			}
			post(new SessionEvent.Identified(this, userId, current.data(), false));
		}
		deliver();
		return true;
	}

	/**
	 * Claims the user for this session; sessions of the user elsewhere on this node are
	 * kicked (they share the record, so nothing is stale). A session on another node is
	 * returned to hand over from: its node must write the user before this one loads it.
	 */
	private UserClaims.Claim claim(String userId) {
		requireState("identify", SessionState.STARTED);
		UserClaims.Claim claim = this.engine.claims.claim(userId, this);
		for (Session other : claim.localToKick()) {
			other.kick("Logged in from another session");
		}
		return claim;
	}

	private CompletableFuture<Void> handOver(UserDirectory.Entry remote) {
		ClusterCoordinator cluster = Objects.requireNonNull(this.engine.cluster, "cluster");
		return cluster.kickRemote(remote, "Logged in on another server");
	}

	/** Gives the user back to the node that did not answer, and says so. */
	private HandOverTimeoutException handOverFailed(String userId, UserDirectory.Entry remote) {
		this.engine.claims.revert(userId, this, remote);
		return Objects.requireNonNull(this.engine.cluster, "cluster").handOverTimedOut(remote);
	}

	private void acquireAndAttach(String userId, @Nullable Object given) {
		UserRecords.Acquired acquired;
		try {
			acquired = this.engine.records.acquire(userId, given);
		}
		catch (RuntimeException ex) {
			this.engine.claims.release(userId, this);
			throw ex;
		}
		boolean attached;
		synchronized (this.lock) {
			attached = this.state == SessionState.STARTED;
			if (attached) {
				this.user = acquired.record();
				this.state = SessionState.IDENTIFIED;
				touch();
				post(new SessionEvent.Identified(this, userId, acquired.record().data(), acquired.firstTime()));
			}
		}
		if (!attached) {
			this.engine.claims.release(userId, this);
			this.engine.records.release(acquired.record());
			throw illegalState("identify", SessionState.STARTED);
		}
		deliver();
	}

	/** After the Disconnected listeners: persist per the triggers, save session data. */
	private void afterDisconnect(boolean persist) {
		UserRecord record = this.user;
		if (persist && record != null) {
			persist(record, PersistReason.DISCONNECT);
		}
		saveDataQuietly();
	}

	private void expireGrace() {
		synchronized (this.lock) {
			if (this.state != SessionState.DISCONNECTED) {
				return;
			}
			beginDestroy(this.engine.config.persistsOn(PersistTrigger.DISCONNECT), DestroyReason.GRACE_EXPIRED);
		}
		deliver(false);
	}

	/**
	 * Moves to {@link SessionState#DESTROYING} and queues the rest of the destroy behind
	 * the {@link SessionEvent.BeforeDestroy} event. Called with the lock held.
	 * @return whether the destroy started here
	 */
	private boolean beginDestroy(boolean persist, DestroyReason reason) {
		if (this.state.isEnded()) {
			return false;
		}
		cancelGrace();
		this.state = SessionState.DESTROYING;
		post(new SessionEvent.BeforeDestroy(this, reason));
		this.mailbox.post(() -> finishDestroy(persist, reason));
		return true;
	}

	/** The destroy's work after the BeforeDestroy listeners; runs in this session's turn. */
	private void finishDestroy(boolean persist, DestroyReason reason) {
		UserRecord record = this.user;
		if (persist && record != null) {
			persist(record, (reason == DestroyReason.SHUTDOWN) ? PersistReason.SHUTDOWN : PersistReason.DESTROY);
		}
		// A shutdown ends the process, not the player's session: its data stays for a restore.
		if (reason != DestroyReason.SHUTDOWN && this.data.mayBeStored()) {
			deleteStoredData(this.id);
		}
		this.engine.registry.remove(this);
		if (record != null) {
			this.engine.claims.release(record.userId(), this);
			this.engine.records.release(record);
		}
		CompletableFuture<Void> done;
		synchronized (this.lock) {
			this.state = SessionState.DESTROYED;
			post(new SessionEvent.Destroyed(this, reason));
			done = this.destroyed;
		}
		if (done != null) {
			done.complete(null);
		}
	}

	/**
	 * Queues a record's changed data and the {@link SessionEvent.PersistUserData} event;
	 * the caller delivers.
	 */
	private CompletableFuture<Void> persist(UserRecord record, PersistReason reason) {
		UserRecords.Queued queued = this.engine.records.persist(record);
		if (queued.queued()) {
			synchronized (this.lock) {
				if (this.state != SessionState.DESTROYED) {
					post(new SessionEvent.PersistUserData(this, record.userId(), record.data(), reason));
				}
			}
		}
		return queued.written();
	}

	/** Saves session data, logging a store failure (the changes stay pending). */
	private void saveDataQuietly() {
		try {
			this.data.save();
		}
		catch (StoreException ex) {
			logger.warn("Could not save session data of session {}; it stays pending: {}", maskedId(), ex.toString());
		}
	}

	private void deleteStoredData(String sessionId) {
		try {
			this.engine.sessionDataStore.delete(sessionId);
		}
		catch (StoreException ex) {
			logger.warn("Could not delete session data of session {}; it expires by itself: {}",
					SessionIds.mask(sessionId), ex.toString());
		}
	}

	private void cancelGrace() {
		ScheduledFuture<?> expiry = this.graceExpiry;
		if (expiry != null) {
			expiry.cancel(false);
			this.graceExpiry = null;
		}
	}

	/** Queues an event behind the ones already queued; called with the lock held. */
	private void post(SessionEvent event) {
		this.mailbox.post(() -> this.engine.dispatcher.deliver(event));
	}

	/** Delivers queued events on this thread, unless a delivery of this session is under way. */
	private void deliver() {
		this.mailbox.run();
	}

	private void deliver(boolean inline) {
		if (inline) {
			this.mailbox.run();
		}
		else {
			this.mailbox.runOn(this.engine.events);
		}
	}

	private String issueResumeToken() {
		String issued = SessionIds.newToken();
		if (!this.resumeToken.compareAndSet(null, issued)) {
			// Another thread issued one first, or it was revoked meanwhile.
			return resumeToken();
		}
		this.engine.registry.indexToken(this, issued);
		return issued;
	}

	/** Makes the current token stop resolving; the next {@link #resumeToken()} issues one. */
	private void revokeResumeToken() {
		String revoked = this.resumeToken.getAndSet(null);
		if (revoked != null) {
			this.engine.registry.unindexToken(this, revoked);
		}
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
