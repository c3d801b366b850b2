package dev.gamesessions.store;

import java.util.Objects;

/**
 * One conditional write of user data.
 *
 * @param userId the user whose data is written
 * @param data the encoded user data (JSON) to store
 * @param expectedVersion the version the writer last saw: {@code 0} when it saw no data
 * at all; the write stores {@code expectedVersion + 1}
 */
public record UserDataWrite(String userId, String data, long expectedVersion) {

	public UserDataWrite {
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(data, "data");
		if (expectedVersion < 0) {
			throw new IllegalArgumentException("expectedVersion must not be negative but was " + expectedVersion);
		}
	}

	/**
	 * The version this write stores when it succeeds.
	 * @return {@code expectedVersion() + 1}
	 */
	public long newVersion() {
		return this.expectedVersion + 1;
	}

}
