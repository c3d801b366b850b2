package dev.gamesessions.store;

import java.util.Objects;

/**
 * User data as a store holds it: the encoded form and its version.
 *
 * @param userId the user the data belongs to
 * @param data the encoded user data (JSON), never {@code null}
 * @param version the stored version, {@code 1} or more
 */
public record StoredUserData(String userId, String data, long version) {

	public StoredUserData {
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(data, "data");
		if (version < 1) {
			throw new IllegalArgumentException("version must be at least 1 but was " + version);
		}
	}

}
