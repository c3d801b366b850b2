package dev.gamesessions.autoconfigure;

import java.io.Serial;

/**
 * Thrown at startup when {@code game.sessions.store} names a store that the application
 * cannot provide.
 */
public class StoreNotAvailableException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final StoreType storeType;

	private final String action;

	StoreNotAvailableException(StoreType storeType, String reason, String action) {
		super("game.sessions.store is '" + storeType.name().toLowerCase() + "' but " + reason);
		this.storeType = storeType;
		this.action = action;
	}

	/**
	 * The configured store type.
	 * @return the store type
	 */
	public StoreType getStoreType() {
		return this.storeType;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
