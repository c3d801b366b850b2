package dev.gamesessions.store.redis;

import java.io.Serial;

/**
 * Thrown when a Redis key of a store holds something the store cannot read: a value of
 * another type than a hash (someone {@code SET} a string there), or a hash without the
 * fields the store writes. Retrying does not help; an operator must repair or delete the
 * key. The message names the key, never the data.
 */
public class RedisDataFormatException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message that names the unreadable key.
	 * @param message the message
	 */
	public RedisDataFormatException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a message that names the unreadable key.
	 * @param message the message
	 * @param cause the error Redis answered
	 */
	public RedisDataFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
