package dev.gamesessions.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Persistent store of user data: one record per user id, no expiry, versioned so that two
 * writers never overwrite each other's changes unknowingly.
 * <p>
 * Implementations are thread-safe. Every method throws {@link StoreException} when the
 * store cannot be reached; callers retry. User ids are non-empty strings of at most 256
 * characters.
 *
 * @see InMemoryUserDataStore the reference implementation
 */
public interface UserDataStore {

	/**
	 * Reads the stored data of a user.
	 * @param userId the user id
	 * @return the stored data and version, or empty when the user has none; never
	 * {@code null}
	 * @throws StoreException when the store cannot be reached
	 */
	Optional<StoredUserData> load(String userId);

	/**
	 * Reads only the stored version of a user's data. Used to check whether a locally cached
	 * copy is still current; implementations override it when they can answer more cheaply
	 * than {@link #load(String)}.
	 * @param userId the user id
	 * @return the stored version, or empty when the user has no data
	 * @throws StoreException when the store cannot be reached
	 */
	default OptionalLong version(String userId) {
		return load(userId).map((stored) -> OptionalLong.of(stored.version())).orElse(OptionalLong.empty());
	}

	/**
	 * Applies every write, each one only if the stored version equals its
	 * {@link UserDataWrite#expectedVersion() expected version} (0 meaning "no data stored").
	 * A write whose expected version does not match is not applied and is reported as
	 * {@link WriteResult.Status#CONFLICT}; the other writes of the batch are unaffected.
	 * <p>
	 * A write whose exact data is already stored at its new version is reported as
	 * {@link WriteResult.Status#SAVED}, so a batch retried after a {@link StoreException} is
	 * idempotent even when the store applied part of it before failing.
	 * <p>
	 * The writes of one batch have distinct user ids. Implementations should send a batch in
	 * as few round trips as the store allows.
	 * @param writes the writes, possibly empty
	 * @return one result per write, in the order of {@code writes}
	 * @throws StoreException when the store cannot be reached; some writes may have been
	 * applied
	 */
	List<WriteResult> saveAll(List<UserDataWrite> writes);

	/**
	 * Removes a user's data, whatever its version.
	 * @param userId the user id
	 * @return whether there was data to remove
	 * @throws StoreException when the store cannot be reached
	 */
	boolean delete(String userId);

}
