package dev.gamesessions;

/**
 * Sends messages to the player of a session over their current connection. The WebSocket
 * integration puts one into each connected session as the {@link Session#CLIENT_ATTRIBUTE}
 * attribute; read it with {@link Session#client()}.
 * <p>
 * Implementations are thread-safe and never block for long: a client that cannot keep up is
 * disconnected rather than allowed to fill memory.
 * <p>
 * Send from anywhere, including listeners of other sessions: the engine holds no lock
 * while listeners run. A send that fails may close the connection on the sending thread
 * (Tomcat does); the transport's close callback then calls {@link Session#disconnect()},
 * which only changes the state and queues the session's events, never waiting for another
 * session or a listener running elsewhere.
 */
public interface ClientMessenger {

	/**
	 * Sends a text message. Does nothing when the connection is closed.
	 * @param text the message
	 */
	void send(String text);

	/**
	 * Sends a value encoded as JSON. Does nothing when the connection is closed.
	 * @param value the value
	 * @throws DataCodecException when the value cannot be encoded
	 */
	void sendJson(Object value);

	/**
	 * Whether the connection is open.
	 * @return {@code true} while messages can be sent
	 */
	boolean isOpen();

	/**
	 * Closes the connection.
	 * @param code the WebSocket close code (1000 to 4999)
	 * @param reason a short reason, safe to show to the player
	 */
	void close(int code, String reason);

}
