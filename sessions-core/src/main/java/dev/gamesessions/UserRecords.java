package dev.gamesessions;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user records of this node: those held by live sessions, and a Caffeine cache of
 * recently released ones. A cached record is reused only when the store still holds the
 * version it knows (or when it has a write queued, which makes it the newest truth), so a
 * player who moved to another node and back never gets stale data.
 * <p>
 * A record taken back into use stays in the cache, so that releasing it again costs a
 * cache read (which also restarts its age) instead of a removal and an insertion; a record
 * is put in the cache only when released while absent from it (never cached, evicted or
 * expired meanwhile). The cache therefore holds at most the configured number of records,
 * some of which may be in use again; whichever are evicted, the live ones stay reachable
 * through the live map.
 */
final class UserRecords {

	private static final Logger logger = LoggerFactory.getLogger(UserRecords.class);

	private final Map<String, UserRecord> live = new ConcurrentHashMap<>();

	private final @Nullable Cache<String, UserRecord> released;

	private final UserDataStore store;

	private final DataCodec codec;

	private final UserDataFactory factory;

	private final SessionManagerConfig config;

	private final WriteBehindPersister persister;

	private final Consumer<SessionEvent> events;

	private volatile boolean closing;

	UserRecords(UserDataStore store, DataCodec codec, UserDataFactory factory, SessionManagerConfig config,
			WriteBehindPersister persister, Consumer<SessionEvent> events) {
		this.store = store;
		this.codec = codec;
		this.factory = factory;
		this.config = config;
		this.persister = persister;
		this.events = events;
		// The cache's upkeep (recording accesses, evicting) runs on the calling thread: it is
		// short, and handing it to the common pool cost more than doing it, every release.
		this.released = (config.cacheLimit() > 0 && !config.cacheMaxAge().isZero())
				? Caffeine.newBuilder()
					.maximumSize(config.cacheLimit())
					.expireAfterAccess(config.cacheMaxAge())
					.executor(Runnable::run)
					.build()
				: null;
	}

	/**
	 * Takes hold of a user's record, loading it when this node has none.
	 * @param given user data supplied by the caller, replacing what is stored
	 * @throws PersistenceException when the store cannot be reached
	 * @throws CorruptDataException when stored data cannot be decoded and the policy is to
	 * fail
	 */
	Acquired acquire(String userId, @Nullable Object given) {
		while (true) {
			UserRecord record = this.live.get(userId);
			if (record != null && !record.isFenced() && record.retain()) {
				return replaced(new Acquired(record, false), given);
			}
			Acquired acquired = reuseOrLoad(userId, given);
			UserRecord existing = this.live.putIfAbsent(userId, acquired.record());
			if (existing == null
					|| (existing.isFenced() && this.live.replace(userId, existing, acquired.record()))) {
				return replaced(acquired, given);
			}
			if (acquired.record().release()) {
				cache(acquired.record());
			}
		}
	}

	/**
	 * Lets go of a record; the last holder leaves it to the cache: refreshes its age there,
	 * or puts it there when it is absent.
	 */
	void release(UserRecord record) {
		if (record.release()) {
			this.live.remove(record.userId(), record);
			cache(record);
		}
	}

	/**
	 * The manager is closing: released records no longer go to the cache, and forget
	 * their last queued form (which only spares an unchanged write), so that a shutdown
	 * writing many users does not keep every user's encoded data in memory until it ends.
	 */
	void closing() {
		this.closing = true;
		if (this.released != null) {
			this.released.invalidateAll();
		}
	}

	/**
	 * Queues a user's data for writing when its encoded form differs from the last queued
	 * one, so an in-place change is never lost and an unchanged value costs no write.
	 * @return the write's future (of the pending write when nothing changed), and whether
	 * this call queued a write
	 */
	Queued persist(UserRecord record) {
		Throwable failure;
		synchronized (record) {
			try {
				String encoded = this.codec.encode(record.data());
				if (encoded.equals(record.lastQueued())) {
					return new Queued(this.persister.pendingFuture(record.userId()), false);
				}
				CompletableFuture<Void> written = this.persister.enqueue(record, encoded);
				if (written != null) {
					record.lastQueued(encoded);
					return new Queued(written, true);
				}
				// The persister has stopped (a listener changed the user after the shutdown's
				// final write): the change is lost, and said so.
				failure = new PersistenceException(
						"User data of '" + record.userId() + "' was not queued: the session manager is closed");
			}
			catch (DataCodecException ex) {
				failure = ex;
			}
		}
		if (!(failure instanceof DataCodecException)) {
			logger.error("User data of '{}' changed after the shutdown's final write and is not stored: {}",
					record.userId(), failure.getMessage());
		}
		this.events.accept(new SessionEvent.PersistFailed(record.userId(), failure, false));
		return new Queued(CompletableFuture.failedFuture(failure), false);
	}

	/**
	 * Replaces a record's data with what the store holds, discarding local changes.
	 * @throws PersistenceException when the store cannot be reached
	 */
	void reload(UserRecord record) {
		Optional<StoredUserData> stored;
		try {
			stored = this.store.load(record.userId());
		}
		catch (StoreException ex) {
			throw new PersistenceException("Cannot reload user data of '" + record.userId() + "': " + ex.getMessage(),
					ex);
		}
		if (stored.isEmpty()) {
			synchronized (record) {
				record.version(0);
				record.lastQueued(null);
			}
			return;
		}
		StoredUserData data = stored.get();
		Object decoded = this.codec.decode(data.data(), this.config.userDataType());
		synchronized (record) {
			record.data(decoded);
			record.version(data.version());
			record.lastQueued(data.data());
		}
	}

	/**
	 * Another node took the user over while this one was out of touch: the record's writes
	 * are refused, and the next login here loads the user afresh.
	 */
	void fence(String userId) {
		UserRecord record = this.live.get(userId);
		if (record != null) {
			record.fence();
		}
		if (this.released != null) {
			UserRecord cached = this.released.getIfPresent(userId);
			if (cached != null) {
				cached.fence();
			}
			this.released.invalidate(userId);
		}
		UserRecord queued = this.persister.queuedRecord(userId);
		if (queued != null) {
			queued.fence();
		}
	}

	private void cache(UserRecord record) {
		if (this.closing) {
			record.lastQueued(null);
			return;
		}
		if (record.isFenced()) {
			return;
		}
		if (this.released != null && this.released.getIfPresent(record.userId()) != record) {
			this.released.put(record.userId(), record);
		}
	}

	private Acquired replaced(Acquired acquired, @Nullable Object given) {
		if (given != null) {
			acquired.record().data(given);
		}
		return acquired;
	}

	private Acquired reuseOrLoad(String userId, @Nullable Object given) {
		UserRecord queued = this.persister.queuedRecord(userId);
		if (queued != null && !queued.isFenced() && queued.revive()) {
			return new Acquired(queued, false);
		}
		UserRecord cached = (this.released != null) ? this.released.getIfPresent(userId) : null;
		if (cached != null && isCurrentOrUnknowable(cached) && cached.revive()) {
			return new Acquired(cached, false);
		}
		return load(userId, given);
	}

	/**
	 * Whether a cached record may be reused: the store still holds its version, or the store
	 * cannot be asked (it is down). Then the player goes on with what this node last had
	 * rather than being refused; if another node wrote the user meanwhile, the next write
	 * from here is a version conflict, never an overwrite.
	 */
	private boolean isCurrentOrUnknowable(UserRecord cached) {
		try {
			return isCurrent(cached);
		}
		catch (PersistenceException ex) {
			logger.debug("Store unreachable; reusing the cached record of '{}': {}", cached.userId(), ex.toString());
			return true;
		}
	}

	private boolean isCurrent(UserRecord cached) {
		OptionalLong stored = storeCall(cached.userId(), () -> this.store.version(cached.userId()));
		return stored.orElse(0) == cached.version();
	}

	private Acquired load(String userId, @Nullable Object given) {
		if (given != null) {
			OptionalLong version = storeCall(userId, () -> this.store.version(userId));
			return new Acquired(new UserRecord(userId, given, version.orElse(0), null), version.isEmpty());
		}
		Optional<StoredUserData> stored = storeCall(userId, () -> this.store.load(userId));
		if (stored.isEmpty()) {
			return new Acquired(new UserRecord(userId, fresh(userId), 0, null), true);
		}
		StoredUserData data = stored.get();
		try {
			Object decoded = this.codec.decode(data.data(), this.config.userDataType());
			return new Acquired(new UserRecord(userId, decoded, data.version(), data.data()), false);
		}
		catch (DataCodecException ex) {
			String detail = "Stored user data of '" + userId + "' (version " + data.version()
					+ ") cannot be decoded as " + this.config.userDataType().getName() + ": " + ex.getMessage();
			this.events.accept(new SessionEvent.Invalid(null, userId, InvalidReason.UNREADABLE, detail));
			if (this.config.corruptDataPolicy() == CorruptDataPolicy.FAIL) {
				throw new CorruptDataException(detail, ex);
			}
			return new Acquired(new UserRecord(userId, fresh(userId), data.version(), null), true);
		}
	}

	private Object fresh(String userId) {
		Object data = this.factory.create(userId);
		if (data == null) {
			throw new IllegalStateException("UserDataFactory returned null for '" + userId + "'");
		}
		return data;
	}

	private static <T> T storeCall(String userId, StoreCall<T> call) {
		try {
			return call.get();
		}
		catch (StoreException ex) {
			throw new PersistenceException("Cannot load user data of '" + userId + "': " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface StoreCall<T> {

		T get();

	}

	/**
	 * The outcome of {@link #persist(UserRecord)}.
	 *
	 * @param written completes when the data is durable
	 * @param queued whether this call queued a write
	 */
	record Queued(CompletableFuture<Void> written, boolean queued) {
	}

	/**
	 * A record taken hold of.
	 *
	 * @param record the record
	 * @param firstTime whether the user had no stored data
	 */
	record Acquired(UserRecord record, boolean firstTime) {
	}

}
