package dev.gamesessions;

/**
 * Moments at which the {@link SessionManager} persists user data, besides the interval and
 * explicit {@link Session#persistNow()} calls.
 */
public enum PersistTrigger {

	/**
	 * When a session disconnects (before its grace window) and when it is destroyed.
	 */
	DISCONNECT,

	/**
	 * When the manager closes, for every live session.
	 */
	SHUTDOWN

}
