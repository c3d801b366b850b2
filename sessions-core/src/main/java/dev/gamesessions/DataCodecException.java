package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when a value cannot be encoded to or decoded from its stored form.
 */
public class DataCodecException extends SessionException {

	@Serial
	private static final long serialVersionUID = 1L;

	public DataCodecException(String message) {
		super(message);
	}

	public DataCodecException(String message, Throwable cause) {
		super(message, cause);
	}

}
