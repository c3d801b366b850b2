package dev.gamesessions.autoconfigure;

/**
 * When a WebSocket connection loads and saves its session's data, as the two modes of
 * socket.io-sessions.
 */
public enum WebSocketMode {

	/**
	 * Loaded when the connection opens, saved when it closes (and at each persistence
	 * interval).
	 */
	PER_CONNECTION,

	/**
	 * Reloaded before each inbound message and saved after it, so that several nodes or
	 * HTTP requests sharing the session see each other's changes.
	 */
	PER_MESSAGE

}
