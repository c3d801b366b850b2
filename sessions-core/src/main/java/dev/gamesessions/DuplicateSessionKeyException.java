package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when a session is created with a key that a live session already has.
 */
public class DuplicateSessionKeyException extends SessionException {

	@Serial
	private static final long serialVersionUID = 1L;

	public DuplicateSessionKeyException(String message) {
		super(message);
	}

	public DuplicateSessionKeyException(String message, Throwable cause) {
		super(message, cause);
	}

}
