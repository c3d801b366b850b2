package dev.gamesessions.autoconfigure.stomp;

import java.util.Map;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.websocket.GameSessionHandshakeInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;

/**
 * The game session of a STOMP message, for code that has the message rather than a
 * {@code Session} parameter: a {@code ChannelInterceptor}, a listener of Spring's
 * {@code SessionSubscribeEvent}. In {@code @MessageMapping} methods, declare a
 * {@link Session} parameter instead.
 */
public final class GameSessionsStomp {

	private GameSessionsStomp() {
	}

	/**
	 * The game session of the STOMP connection a message came from.
	 * @param message a message from a client (with its session attributes)
	 * @return the session, or {@code null} before {@code CONNECT} or on a connection
	 * without game sessions
	 */
	public static @Nullable Session findSession(Message<?> message) {
		Map<String, Object> attributes = SimpMessageHeaderAccessor.getSessionAttributes(message.getHeaders());
		return (attributes != null
				&& attributes.get(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE) instanceof Session session)
				? session : null;
	}

	/**
	 * The game session of the STOMP connection a message came from.
	 * @param message a message from a client (with its session attributes)
	 * @return the session
	 * @throws IllegalStateException when the connection has no game session
	 */
	public static Session sessionOf(Message<?> message) {
		Session session = findSession(message);
		if (session == null) {
			throw new IllegalStateException("The message did not come from a STOMP connection with a game session");
		}
		return session;
	}

}
