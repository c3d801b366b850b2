package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when a session is created or restored while this node holds its maximum of live
 * sessions ({@link SessionManagerConfig#maxSessions()}). Nothing was created; the caller
 * refuses the player clearly (the WebSocket handshake and {@code @CurrentSession} answer
 * HTTP 503) and may try another node or later.
 */
public class SessionLimitException extends SessionException {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionLimitException(String message) {
		super(message);
	}

}
