package dev.gamesessions;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;

import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * The small, persisted data of one session: named values stored as JSON in the
 * {@link SessionDataStore} under the session id, expiring after the session duration
 * without access. Unlike attributes, it survives a restart of the process and is visible
 * to every node sharing the store.
 * <p>
 * Changes are kept locally and written as a delta by {@link #save()} (which the manager
 * also calls at disconnect and at each persistence interval): only changed values are sent.
 * The total size (names and encoded values, UTF-8) is limited; a change past the limit is
 * refused with {@link SessionDataTooLargeException} and nothing of it is applied.
 * <p>
 * The data is loaded from the store on first use. Thread-safe; no lock is held while the
 * store is called or an event is delivered.
 */
public final class SessionData {

	private static final int MAX_NAME_LENGTH = 200;

	private final Session session;

	private final Engine engine;

	/** Immutable and empty until loaded (most sessions never use their data), then mutable. */
	private Map<String, Value> values = Map.of();

	/** As {@link #values}. */
	private Set<String> changed = Set.of();

	/** As {@link #values}. */
	private Set<String> removed = Set.of();

	private boolean loaded;

	/** Whether the store may hold data of this session: restored from it, or loaded or saved. */
	private boolean possiblyStored;

	private int size;

	SessionData(Session session, Engine engine, boolean restored) {
		this.session = session;
		this.engine = engine;
		this.possiblyStored = restored;
	}

	/**
	 * Returns a value, decoding it from its stored form when needed. A stored value that
	 * cannot be decoded is reported as an {@link SessionEvent.Invalid} event and removed.
	 * @param <T> the type
	 * @param name the name
	 * @param type the type of the value
	 * @return the value, or {@code null} when there is none (or it was unreadable)
	 * @throws StoreException when the data must be loaded and the store cannot be reached
	 */
	public <T> @Nullable T get(String name, Class<T> type) {
		ensureLoaded();
		String unreadable;
		synchronized (this) {
			Value value = this.values.get(name);
			if (value == null) {
				return null;
			}
			if (type.isInstance(value.decoded)) {
				return type.cast(value.decoded);
			}
			try {
				T decoded = this.engine.codec.decode(value.encoded, type);
				value.decoded = decoded;
				return decoded;
			}
			catch (DataCodecException ex) {
				unreadable = ex.getMessage();
				removeLoaded(name);
			}
		}
		this.session.publish(new SessionEvent.Invalid(this.session, this.session.maskedId(), InvalidReason.UNREADABLE,
				"Session data value '" + name + "' cannot be decoded as " + type.getName() + " and was removed: "
						+ unreadable));
		return null;
	}

	/**
	 * Sets a value.
	 * @param name the name, not blank, at most 200 characters
	 * @param value the value, encodable as JSON
	 * @throws SessionDataTooLargeException when the data would exceed the limit
	 * @throws DataCodecException when the value cannot be encoded
	 */
	public void set(String name, Object value) {
		checkName(name);
		ensureLoaded();
		String encoded = this.engine.codec.encode(value);
		synchronized (this) {
			put(name, encoded, value);
		}
	}

	/**
	 * Marks a value as changed after it was modified in place, so that its new form is
	 * written by the next {@link #save()}. Does nothing for an unknown name.
	 * @param name the name
	 * @throws SessionDataTooLargeException when the data would exceed the limit; the stored
	 * form keeps the previous value
	 */
	public void update(String name) {
		ensureLoaded();
		synchronized (this) {
			Value value = this.values.get(name);
			if (value == null || value.decoded == null) {
				return;
			}
			put(name, this.engine.codec.encode(value.decoded), value.decoded);
		}
	}

	/**
	 * Removes a value.
	 * @param name the name
	 * @return whether there was a value
	 */
	public boolean remove(String name) {
		ensureLoaded();
		synchronized (this) {
			return removeLoaded(name);
		}
	}

	/**
	 * Removes every value.
	 */
	public void clear() {
		ensureLoaded();
		synchronized (this) {
			for (String name : Set.copyOf(this.values.keySet())) {
				removeLoaded(name);
			}
		}
	}

	/**
	 * The names of the values.
	 * @return a snapshot of the names
	 */
	public Set<String> names() {
		ensureLoaded();
		synchronized (this) {
			return Set.copyOf(this.values.keySet());
		}
	}

	/**
	 * The current size: names and encoded values in UTF-8 bytes.
	 * @return the size in bytes
	 */
	public int sizeInBytes() {
		ensureLoaded();
		synchronized (this) {
			return this.size;
		}
	}

	/**
	 * Whether there are changes not yet saved.
	 * @return {@code true} when {@link #save()} would write
	 */
	public synchronized boolean isDirty() {
		return !this.changed.isEmpty() || !this.removed.isEmpty();
	}

	/**
	 * Writes the changes since the last save to the store as one delta, and extends the
	 * data's expiry. Does nothing when nothing changed.
	 * @throws StoreException when the store cannot be reached; the changes stay pending
	 */
	public void save() {
		Map<String, String> set = new HashMap<>();
		Set<String> removedNames;
		String sessionId;
		synchronized (this) {
			if (!isDirty()) {
				return;
			}
			for (String name : this.changed) {
				// A changed name always has a value: remove() takes it out of the changed ones.
				set.put(name, Objects.requireNonNull(this.values.get(name)).encoded);
			}
			removedNames = Set.copyOf(this.removed);
			this.changed.clear();
			this.removed.clear();
			sessionId = this.session.id();
		}
		try {
			this.engine.sessionDataStore.apply(sessionId, set, removedNames, this.engine.config.duration());
		}
		catch (RuntimeException ex) {
			pendingAgain(set.keySet(), removedNames);
			throw ex;
		}
		if (!sessionId.equals(this.session.id())) {
			// Renewed while writing: the delta may have landed under the old id.
			pendingAgain(set.keySet(), removedNames);
		}
		synchronized (this) {
			this.possiblyStored = true;
		}
	}

	/**
	 * Discards local state, including unsaved changes, and loads the data again from the
	 * store.
	 * @throws StoreException when the store cannot be reached
	 */
	public void reload() {
		install(load());
	}

	/**
	 * {@link #reload()} off the calling thread (on the manager's I/O threads), for threads
	 * that must not wait for the store, such as a WebSocket connection's.
	 * @return completes when reloaded; exceptionally with the {@link StoreException} that
	 * {@link #reload()} throws
	 */
	public CompletableFuture<Void> reloadAsync() {
		return CompletableFuture.runAsync(this::reload, this.engine.io);
	}

	/** Loads on first use. */
	void ensureLoaded() {
		synchronized (this) {
			if (this.loaded) {
				return;
			}
		}
		Optional<Map<String, String>> stored = load();
		synchronized (this) {
			if (!this.loaded) {
				install(stored);
			}
		}
	}

	/** Whether the store may hold data of this session. */
	synchronized boolean mayBeStored() {
		return this.possiblyStored;
	}

	/** The store no longer holds data of this session (another node renewed or removed it). */
	synchronized void forgetStored() {
		this.possiblyStored = false;
	}

	private Optional<Map<String, String>> load() {
		return this.engine.sessionDataStore.load(this.session.id(), this.engine.config.duration());
	}

	private synchronized void install(Optional<Map<String, String>> stored) {
		this.values = new LinkedHashMap<>();
		this.changed = new HashSet<>();
		this.removed = new HashSet<>();
		this.size = 0;
		stored.ifPresent((map) -> map.forEach((name, encoded) -> {
			Value value = new Value(encoded, null);
			this.values.put(name, value);
			this.size += value.bytes(name);
		}));
		this.loaded = true;
		this.possiblyStored = true;
	}

	/** Marks names of a delta that was not written as pending again, unless changed since. */
	private synchronized void pendingAgain(Set<String> setNames, Set<String> removedNames) {
		for (String name : setNames) {
			if (this.values.containsKey(name) && !this.removed.contains(name)) {
				this.changed.add(name);
			}
		}
		for (String name : removedNames) {
			if (!this.values.containsKey(name)) {
				this.removed.add(name);
			}
		}
	}

	private boolean removeLoaded(String name) {
		Value value = this.values.remove(name);
		if (value == null) {
			return false;
		}
		this.size -= value.bytes(name);
		this.changed.remove(name);
		this.removed.add(name);
		return true;
	}

	private void put(String name, String encoded, @Nullable Object decoded) {
		Value value = new Value(encoded, decoded);
		Value previous = this.values.get(name);
		int newSize = this.size - ((previous != null) ? previous.bytes(name) : 0) + value.bytes(name);
		int limit = this.engine.config.maxSessionDataBytes();
		if (newSize > limit) {
			throw new SessionDataTooLargeException("Session data of session " + this.session.maskedId()
					+ " would grow to " + newSize + " bytes, over the limit of " + limit + " bytes; '" + name
					+ "' was not changed");
		}
		this.values.put(name, value);
		this.size = newSize;
		this.removed.remove(name);
		this.changed.add(name);
	}

	private static void checkName(String name) {
		if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
			throw new IllegalArgumentException(
					"Session data names must be non-blank and at most " + MAX_NAME_LENGTH + " characters");
		}
	}

	private static final class Value {

		final String encoded;

		@Nullable Object decoded;

		private final int encodedBytes;

		Value(String encoded, @Nullable Object decoded) {
			this.encoded = encoded;
			this.decoded = decoded;
			this.encodedBytes = encoded.getBytes(StandardCharsets.UTF_8).length;
		}

		int bytes(String name) {
			return name.getBytes(StandardCharsets.UTF_8).length + this.encodedBytes;
		}

	}

}
