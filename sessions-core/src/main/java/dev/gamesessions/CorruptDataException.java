package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when stored data exists but cannot be decoded, and the policy is to fail rather than reset.
 */
public class CorruptDataException extends SessionException {

	@Serial
	private static final long serialVersionUID = 1L;

	public CorruptDataException(String message) {
		super(message);
	}

	public CorruptDataException(String message, Throwable cause) {
		super(message, cause);
	}

}
