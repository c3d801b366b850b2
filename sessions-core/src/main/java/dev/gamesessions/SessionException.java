package dev.gamesessions;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * Base of the exceptions the session engine throws.
 */
public class SessionException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionException(String message) {
		super(message);
	}

	public SessionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
