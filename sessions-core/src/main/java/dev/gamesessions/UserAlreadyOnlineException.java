package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when a user identifies while they already have a live session and the policy is {@link SingleSessionPolicy#REJECT_NEW}.
 */
public class UserAlreadyOnlineException extends SessionException {

	@Serial
	private static final long serialVersionUID = 1L;

	public UserAlreadyOnlineException(String message) {
		super(message);
	}

	public UserAlreadyOnlineException(String message, Throwable cause) {
		super(message, cause);
	}

}
