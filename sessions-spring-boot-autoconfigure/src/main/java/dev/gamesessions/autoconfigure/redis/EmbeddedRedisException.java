package dev.gamesessions.autoconfigure.redis;

import java.io.Serial;

/**
 * Thrown at startup when the embedded Redis server
 * ({@code game.sessions.redis.embedded.enabled=true}) cannot start; carries what to do
 * about it.
 */
public class EmbeddedRedisException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String action;

	EmbeddedRedisException(String message, String action) {
		super(message);
		this.action = action;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
