package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when a change would make a session's data larger than the configured limit; the change is not applied.
 */
public class SessionDataTooLargeException extends SessionException {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionDataTooLargeException(String message) {
		super(message);
	}

	public SessionDataTooLargeException(String message, Throwable cause) {
		super(message, cause);
	}

}
