package dev.gamesessions;

/**
 * Why user data is being persisted.
 */
public enum PersistReason {

	/**
	 * {@link Session#persistNow()} or {@link SessionManager#persistAllUserData()} was called.
	 */
	EXPLICIT,

	/**
	 * The persistence interval elapsed.
	 */
	INTERVAL,

	/**
	 * The session disconnected and {@link PersistTrigger#DISCONNECT} is a trigger.
	 */
	DISCONNECT,

	/**
	 * The session is being destroyed.
	 */
	DESTROY,

	/**
	 * The manager is closing and {@link PersistTrigger#SHUTDOWN} is a trigger.
	 */
	SHUTDOWN

}
