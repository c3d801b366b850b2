package dev.gamesessions;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a flush of queued user-data writes achieved.
 *
 * @param unwritten the users whose latest data was not written, with the last cause
 */
public record FlushReport(List<Unwritten> unwritten) {

	public FlushReport {
		unwritten = List.copyOf(unwritten);
	}

	/**
	 * Whether every queued write was made durable.
	 * @return {@code true} when nothing is left unwritten
	 */
	public boolean isComplete() {
		return this.unwritten.isEmpty();
	}

	/**
	 * A user whose latest data was not written.
	 *
	 * @param userId the user id
	 * @param cause the last failure, or {@code null} when the write was never attempted
	 */
	public record Unwritten(String userId, @Nullable Throwable cause) {
	}

}
