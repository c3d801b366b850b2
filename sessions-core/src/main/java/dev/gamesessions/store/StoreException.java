package dev.gamesessions.store;

import java.io.Serial;

/**
 * Thrown by a store when it cannot be reached or did not answer. The operation may be
 * retried: a store never throws this after it has applied only part of a write it
 * reports as failed, unless that write is idempotent (see
 * {@link UserDataStore#saveAll(java.util.List)}).
 */
public class StoreException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	public StoreException(String message, Throwable cause) {
		super(message, cause);
	}

	public StoreException(String message) {
		super(message);
	}

}
