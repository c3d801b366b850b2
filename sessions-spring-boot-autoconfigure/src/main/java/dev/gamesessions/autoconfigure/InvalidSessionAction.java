package dev.gamesessions.autoconfigure;

/**
 * What a WebSocket handshake gets when it names a session that is unknown, expired or
 * unreadable. A {@code SessionInvalidEvent} is published either way.
 */
public enum InvalidSessionAction {

	/**
	 * The handshake is refused with status 401 and the reason in the
	 * {@code X-Game-Session-Error} header.
	 */
	REJECT,

	/**
	 * The handshake continues with a fresh session.
	 */
	NEW_SESSION

}
