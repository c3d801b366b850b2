package dev.gamesessions.autoconfigure.transport;

import tools.jackson.databind.JsonNode;

/**
 * One player's connection to a game endpoint, as the transport contract sees it: whatever
 * the transport (a plain WebSocket, STOMP over WebSocket), the player gets a welcome
 * first, sends text, receives text, and is closed with a code and a reason.
 */
public interface TestConnection extends AutoCloseable {

	/**
	 * The first message of the connection: the welcome, with {@code sessionId},
	 * {@code resumeToken} and {@code userId}.
	 * @return the welcome
	 * @throws AssertionError when none arrives in time
	 */
	JsonNode welcome();

	/**
	 * Sends one text message to the game.
	 * @param text the message
	 */
	void send(String text);

	/**
	 * The next text message from the game.
	 * @return the message
	 * @throws AssertionError when none arrives in time
	 */
	String nextMessage();

	/**
	 * Waits until the server closes the connection.
	 * @return the close code and reason
	 * @throws AssertionError when it does not close in time
	 */
	Closed awaitClose();

	/**
	 * Drops the connection without a close handshake, as a lost network would.
	 */
	void abort();

	/**
	 * Closes the connection normally.
	 */
	@Override
	void close();

	/**
	 * How the server closed a connection.
	 *
	 * @param code the close code
	 * @param reason the reason
	 */
	record Closed(int code, String reason) {
	}

	/**
	 * A handshake the server refused with an HTTP status.
	 */
	final class Refused extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int status;

		private final String errorHeader;

		public Refused(int status, String errorHeader) {
			super("Handshake refused with " + status);
			this.status = status;
			this.errorHeader = errorHeader;
		}

		public int status() {
			return this.status;
		}

		/** The {@code X-Game-Session-Error} header, or an empty string. */
		public String errorHeader() {
			return this.errorHeader;
		}

	}

}
