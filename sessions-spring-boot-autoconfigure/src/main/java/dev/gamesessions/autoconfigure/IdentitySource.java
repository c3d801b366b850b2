package dev.gamesessions.autoconfigure;

/**
 * Where a WebSocket handshake takes the player's identity from.
 */
public enum IdentitySource {

	/**
	 * A resume token in the query parameter or header: the same session, resumed.
	 */
	RESUME_TOKEN,

	/**
	 * The signed session cookie set by HTTP requests with {@code @CurrentSession}.
	 */
	COOKIE,

	/**
	 * The session id kept in the servlet HTTP session (or Spring Session) by
	 * {@code @CurrentSession}.
	 */
	HTTP_SESSION,

	/**
	 * The authenticated principal (Spring Security): the session is identified as the
	 * principal's name.
	 */
	PRINCIPAL

}
