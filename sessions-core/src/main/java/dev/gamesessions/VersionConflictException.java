package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when user data was not written because another writer (another node, another
 * session) stored a newer version since this one was loaded. Nothing was overwritten.
 */
public class VersionConflictException extends PersistenceException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String userId;

	private final long expectedVersion;

	private final long storedVersion;

	public VersionConflictException(String userId, long expectedVersion, long storedVersion) {
		super("User data of '" + userId + "' was changed by another writer: expected version " + expectedVersion
				+ " but the store holds version " + storedVersion);
		this.userId = userId;
		this.expectedVersion = expectedVersion;
		this.storedVersion = storedVersion;
	}

	public String getUserId() {
		return this.userId;
	}

	public long getExpectedVersion() {
		return this.expectedVersion;
	}

	public long getStoredVersion() {
		return this.storedVersion;
	}

}
