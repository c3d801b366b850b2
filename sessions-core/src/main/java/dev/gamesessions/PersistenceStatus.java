package dev.gamesessions;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the write-behind persister, for health checks and metrics.
 *
 * @param backlog users whose data is queued or being written
 * @param consecutiveFailures store calls that failed in a row; {@code 0} when the last
 * one succeeded
 * @param lastFailure the last store failure, or {@code null}
 * @param lastFailureAt when it happened, or {@code null}
 * @param written user-data writes made durable since the manager was built
 * @param failed user-data writes given up (conflicts, abandoned at shutdown)
 */
public record PersistenceStatus(int backlog, int consecutiveFailures, @Nullable Throwable lastFailure,
		@Nullable Instant lastFailureAt, long written, long failed) {

	/**
	 * Whether the store answered the last write.
	 * @return {@code true} when the last store call did not fail
	 */
	public boolean isHealthy() {
		return this.consecutiveFailures == 0;
	}

}
