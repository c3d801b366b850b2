package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when a session is named (by resume token or id) that is unknown, expired,
 * malformed or unreadable. An {@link SessionEvent.Invalid} event is published as well.
 */
public class InvalidSessionException extends SessionException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final InvalidReason reason;

	public InvalidSessionException(InvalidReason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public InvalidReason getReason() {
		return this.reason;
	}

}
