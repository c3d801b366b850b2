package dev.gamesessions.store;

import java.util.Objects;

/**
 * The outcome of one {@link UserDataWrite}.
 *
 * @param userId the user the write was for
 * @param status whether the write was stored
 * @param storedVersion the version the store holds after the write: the write's new
 * version when {@link Status#SAVED}, the other writer's version when
 * {@link Status#CONFLICT} ({@code 0} when the data has been deleted)
 */
public record WriteResult(String userId, Status status, long storedVersion) {

	public WriteResult {
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(status, "status");
	}

	public static WriteResult saved(UserDataWrite write) {
		return new WriteResult(write.userId(), Status.SAVED, write.newVersion());
	}

	public static WriteResult conflict(UserDataWrite write, long storedVersion) {
		return new WriteResult(write.userId(), Status.CONFLICT, storedVersion);
	}

	/**
	 * Outcome of one write.
	 */
	public enum Status {

		/**
		 * The data is stored at the write's new version.
		 */
		SAVED,

		/**
		 * Another writer changed the data since the writer's expected version; nothing was
		 * written.
		 */
		CONFLICT

	}

}
