package dev.gamesessions;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * The data is loaded from the store on first use. Thread-safe.
 */
public final class SessionData {

	private static final int MAX_NAME_LENGTH = 200;

	private final Session session;

	private final SessionManager manager;

	/** Immutable and empty until loaded (most sessions never use their data), then mutable. */
	private Map<String, Value> values = Map.of();

	/** As {@link #values}. */
	private Set<String> changed = Set.of();

	/** As {@link #values}. */
	private Set<String> removed = Set.of();

	private boolean loaded;

	private int size;

	SessionData(Session session, SessionManager manager) {
		this.session = session;
		this.manager = manager;
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
	public synchronized <T> @Nullable T get(String name, Class<T> type) {
		ensureLoaded();
		Value value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (type.isInstance(value.decoded)) {
			return type.cast(value.decoded);
		}
		try {
			T decoded = this.manager.codec().decode(value.encoded, type);
			value.decoded = decoded;
			return decoded;
		}
		catch (DataCodecException ex) {
			this.manager.publish(new SessionEvent.Invalid(this.session, this.session.maskedId(),
					InvalidReason.UNREADABLE, "Session data value '" + name + "' cannot be decoded as "
							+ type.getName() + " and was removed: " + ex.getMessage()));
			remove(name);
			return null;
		}
	}

	/**
	 * Sets a value.
	 * @param name the name, not blank, at most 200 characters
	 * @param value the value, encodable as JSON
	 * @throws SessionDataTooLargeException when the data would exceed the limit
	 * @throws DataCodecException when the value cannot be encoded
	 */
	public synchronized void set(String name, Object value) {
		checkName(name);
		ensureLoaded();
		String encoded = this.manager.codec().encode(value);
		put(name, encoded, value);
	}

	/**
	 * Marks a value as changed after it was modified in place, so that its new form is
	 * written by the next {@link #save()}. Does nothing for an unknown name.
	 * @param name the name
	 * @throws SessionDataTooLargeException when the data would exceed the limit; the stored
	 * form keeps the previous value
	 */
	public synchronized void update(String name) {
		ensureLoaded();
		Value value = this.values.get(name);
		if (value == null || value.decoded == null) {
			return;
		}
		put(name, this.manager.codec().encode(value.decoded), value.decoded);
	}

	/**
	 * Removes a value.
	 * @param name the name
	 * @return whether there was a value
	 */
	public synchronized boolean remove(String name) {
		ensureLoaded();
		Value value = this.values.remove(name);
		if (value == null) {
			return false;
		}
		this.size -= value.bytes(name);
		this.changed.remove(name);
		this.removed.add(name);
		return true;
	}

	/**
	 * Removes every value.
	 */
	public synchronized void clear() {
		ensureLoaded();
		for (String name : Set.copyOf(this.values.keySet())) {
			remove(name);
		}
	}

	/**
	 * The names of the values.
	 * @return a snapshot of the names
	 */
	public synchronized Set<String> names() {
		ensureLoaded();
		return Set.copyOf(this.values.keySet());
	}

	/**
	 * The current size: names and encoded values in UTF-8 bytes.
	 * @return the size in bytes
	 */
	public synchronized int sizeInBytes() {
		ensureLoaded();
		return this.size;
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
	public synchronized void save() {
		if (!isDirty()) {
			return;
		}
		Map<String, String> set = new HashMap<>();
		for (String name : this.changed) {
			set.put(name, this.values.get(name).encoded);
		}
		this.manager.sessionDataStore()
			.apply(this.session.id(), set, Set.copyOf(this.removed), this.manager.config().sessionDuration());
		this.changed.clear();
		this.removed.clear();
	}

	/**
	 * Discards local state, including unsaved changes, and loads the data again from the
	 * store.
	 * @throws StoreException when the store cannot be reached
	 */
	public synchronized void reload() {
		this.loaded = false;
		ensureLoaded();
	}

	/** Loads on first use. Package-private for the manager. */
	synchronized void ensureLoaded() {
		if (this.loaded) {
			return;
		}
		Optional<Map<String, String>> stored = this.manager.sessionDataStore()
			.load(this.session.id(), this.manager.config().sessionDuration());
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
	}

	/** Whether the data was ever loaded or written: only then can the store hold any. */
	synchronized boolean isLoaded() {
		return this.loaded;
	}

	private void put(String name, String encoded, @Nullable Object decoded) {
		Value value = new Value(encoded, decoded);
		Value previous = this.values.get(name);
		int newSize = this.size - ((previous != null) ? previous.bytes(name) : 0) + value.bytes(name);
		int limit = this.manager.config().maxSessionDataBytes();
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
