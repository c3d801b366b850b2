package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when an operation is not allowed in the session's current state, such as starting a session twice or identifying a destroyed one.
 */
public class IllegalSessionStateException extends SessionException {

	@Serial
	private static final long serialVersionUID = 1L;

	public IllegalSessionStateException(String message) {
		super(message);
	}

	public IllegalSessionStateException(String message, Throwable cause) {
		super(message, cause);
	}

}
