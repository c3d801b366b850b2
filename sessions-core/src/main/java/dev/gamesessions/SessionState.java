package dev.gamesessions;

/**
 * Lifecycle state of a {@link Session}. A session moves forward only, except that a
 * {@link #DISCONNECTED} session returns to the state it had when it is resumed.
 */
public enum SessionState {

	/**
	 * Created, not yet started.
	 */
	NEW,

	/**
	 * Started: the player is connected, not identified.
	 */
	STARTED,

	/**
	 * Started and identified as a user, with user data.
	 */
	IDENTIFIED,

	/**
	 * The connection is gone; the session waits out the reconnect grace window to be
	 * resumed with its resume token.
	 */
	DISCONNECTED,

	/**
	 * Being destroyed: listeners of the destroy are running, user data is being persisted.
	 */
	DESTROYING,

	/**
	 * Destroyed; it no longer resolves by id, key, user or token.
	 */
	DESTROYED;

	/**
	 * Whether the session is destroying or destroyed.
	 * @return {@code true} from {@link #DESTROYING} on
	 */
	public boolean isEnded() {
		return this == DESTROYING || this == DESTROYED;
	}

}
