package dev.gamesessions.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Store of session data: for each session id, a small map of named, encoded (JSON) values
 * that expires when it has not been touched for a time-to-live. Values are written as
 * deltas: one attribute changes without rewriting the others.
 * <p>
 * Implementations are thread-safe and throw {@link StoreException} when the store cannot
 * be reached. Session ids are the URL-safe strings of
 * {@link dev.gamesessions.Session#id()}.
 *
 * @see InMemorySessionDataStore the reference implementation
 */
public interface SessionDataStore {

	/**
	 * Reads every value of a session and extends its expiry to now plus {@code ttl}.
	 * @param sessionId the session id
	 * @param ttl how long the data lives from now without another access
	 * @return the values by name, or empty when the session has no data or it has expired;
	 * an empty map is never returned for stored data (data with no values does not exist)
	 * @throws StoreException when the store cannot be reached
	 */
	Optional<Map<String, String>> load(String sessionId, Duration ttl);

	/**
	 * Applies a delta atomically: every value of {@code set} is stored, every name of
	 * {@code removed} is removed, nothing else changes, and the expiry becomes now plus
	 * {@code ttl}. Creates the data when the session has none. A name is never both in
	 * {@code set} and {@code removed}. When the delta leaves no value, the data no longer
	 * exists.
	 * @param sessionId the session id
	 * @param set values to store by name (possibly empty)
	 * @param removed names to remove (possibly empty)
	 * @param ttl how long the data lives from now without another access
	 * @throws StoreException when the store cannot be reached; then nothing was applied
	 */
	void apply(String sessionId, Map<String, String> set, Set<String> removed, Duration ttl);

	/**
	 * Removes all data of a session. Unknown ids are ignored.
	 * @param sessionId the session id
	 * @throws StoreException when the store cannot be reached
	 */
	void delete(String sessionId);

	/**
	 * Moves all data of a session to a new id (see
	 * {@link dev.gamesessions.Session#renew()}); afterwards the old id has no data. Does
	 * nothing when the old id has no data.
	 * @param oldId the current id
	 * @param newId the new id, which has no data
	 * @param ttl how long the data lives from now without another access
	 * @throws StoreException when the store cannot be reached
	 */
	void rename(String oldId, String newId, Duration ttl);

	/**
	 * Removes data that expired before {@code now}. Safe to run on several nodes at once.
	 * Stores whose entries expire by themselves return 0.
	 * @param now the current time
	 * @return how many sessions' data was removed
	 * @throws StoreException when the store cannot be reached
	 */
	int prune(Instant now);

}
