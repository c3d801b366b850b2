package dev.gamesessions;

/**
 * Why a session was destroyed.
 */
public enum DestroyReason {

	/**
	 * {@link Session#destroy()} was called.
	 */
	REQUESTED,

	/**
	 * The session was disconnected and not resumed within the reconnect grace window.
	 */
	GRACE_EXPIRED,

	/**
	 * The session was idle for longer than the session duration.
	 */
	IDLE_TIMEOUT,

	/**
	 * The user identified in another session and the policy kicked this one.
	 */
	KICKED,

	/**
	 * The manager closed. Stored session data is kept (it expires after the session
	 * duration), so that the session can be restored after a restart or on another node.
	 */
	SHUTDOWN

}
