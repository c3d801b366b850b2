package dev.gamesessions;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when user data could not be made durable: the store failed, the wait timed out, or another writer changed the data first.
 */
public class PersistenceException extends SessionException {

	@Serial
	private static final long serialVersionUID = 1L;

	public PersistenceException(String message) {
		super(message);
	}

	public PersistenceException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
