package dev.gamesessions.autoconfigure.websocket;

import dev.gamesessions.Session;

/**
 * Handles the text messages players send to the auto-registered WebSocket endpoint. Declare
 * one as a bean; without one, each message is published as a
 * {@link dev.gamesessions.autoconfigure.event.SessionMessageEvent} instead. Reply through
 * {@link Session#client()}.
 */
@FunctionalInterface
public interface GameMessageHandler {

	/**
	 * Handles one message. An exception is logged and the connection stays open: a
	 * {@link dev.gamesessions.DataCodecException} (say, from decoding the player's message
	 * with the manager's codec) counts as the player's mistake, one rate-limited WARN line
	 * without a stack trace; an {@link dev.gamesessions.IllegalSessionStateException} as a
	 * race with the session's end, at DEBUG; anything else as a fault, at ERROR.
	 * @param session the player's session
	 * @param message the text the player sent
	 * @throws Exception on failure
	 */
	void handleMessage(Session session, String message) throws Exception;

}
