package dev.gamesessions.autoconfigure.websocket;

import org.springframework.web.socket.CloseStatus;

/**
 * Close codes the game sessions integration uses, in the range reserved for applications.
 */
public final class GameCloseStatus {

	/**
	 * 4000: the user logged in elsewhere and the single-session policy kicked this session;
	 * the reason says why.
	 */
	public static final int KICKED = 4000;

	/**
	 * 4001: the session was resumed on another connection (a reload, a second tab with the
	 * token); this older connection is closed.
	 */
	public static final int TAKEN_OVER = 4001;

	/**
	 * 4002: the session ended on the server (destroyed by the application, an operator, or
	 * idle pruning).
	 */
	public static final int SESSION_ENDED = 4002;

	/**
	 * 4003: the connection sent nothing, not even a pong, for longer than the idle timeout.
	 */
	public static final int IDLE_TIMEOUT = 4003;

	/**
	 * 4004: the session could not be identified as the authenticated principal.
	 */
	public static final int IDENTIFY_FAILED = 4004;

	private GameCloseStatus() {
	}

	/**
	 * A close status with a reason cut to what the protocol allows.
	 * @param code the close code
	 * @param reason the reason, safe to show to the player
	 * @return the close status
	 */
	public static CloseStatus of(int code, String reason) {
		return new CloseStatus(code, truncate(reason));
	}

	/** Close reasons are limited to 123 bytes by the protocol. */
	private static String truncate(String reason) {
		return (reason.length() <= 100) ? reason : reason.substring(0, 100);
	}

}
