package dev.gamesessions.autoconfigure.websocket;

import java.security.Principal;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DataCodec;
import dev.gamesessions.Session;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.IdentitySource;
import dev.gamesessions.autoconfigure.WebSocketMode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Decorates a {@link WebSocketHandler} so that each connection drives the lifecycle of the
 * game session its handshake resolved (see {@link GameSessionHandshakeInterceptor}):
 * <ul>
 * <li>on open: the session gets a {@link ClientMessenger} (an older connection of the same
 * session is closed with {@link GameCloseStatus#TAKEN_OVER}), is started when new,
 * identified as the authenticated principal, its session data loaded
 * ({@code per-connection}), and a welcome message carries its id and resume token;</li>
 * <li>per message: activity is recorded; in {@code per-message} mode session data is
 * reloaded before and saved after;</li>
 * <li>on close: the session is disconnected (persisting per the triggers, saving session
 * data) and waits out the reconnect grace window.</li>
 * </ul>
 */
public class GameSessionWebSocketHandler extends WebSocketHandlerDecorator {

	private static final Logger logger = LoggerFactory.getLogger(GameSessionWebSocketHandler.class);

	private static final String MESSENGER_ATTRIBUTE = GameSessionWebSocketHandler.class.getName() + ".MESSENGER";

	private final GameSessionsWebSocketProperties properties;

	private final WebSocketConnections connections;

	private final DataCodec codec;

	public GameSessionWebSocketHandler(WebSocketHandler delegate, GameSessionsWebSocketProperties properties,
			WebSocketConnections connections, DataCodec codec) {
		super(delegate);
		this.properties = properties;
		this.connections = connections;
		this.codec = codec;
	}

	/**
	 * The game session of a connection.
	 * @param connection the WebSocket connection
	 * @return the session
	 * @throws IllegalStateException when the connection's handshake did not go through
	 * {@link GameSessionHandshakeInterceptor}
	 */
	public static Session sessionOf(WebSocketSession connection) {
		Object session = connection.getAttributes().get(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE);
		if (session instanceof Session found) {
			return found;
		}
		throw new IllegalStateException("WebSocket connection " + connection.getId()
				+ " has no game session: add the GameSessionHandshakeInterceptor to its handshake");
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession connection) throws Exception {
		Session session = sessionOf(connection);
		if (session.state().isEnded()) {
			// Destroyed between the handshake and now (kicked, expired).
			connection.close(GameCloseStatus.of(GameCloseStatus.SESSION_ENDED, "Session ended"));
			return;
		}
		int sendTimeLimit = Math.toIntExact(this.properties.getSendTimeLimit().toMillis());
		int sendBufferSize = Math.toIntExact(this.properties.getSendBufferSize().toBytes());
		// With a welcome, what listeners of the start send to the player waits behind it.
		WebSocketClientMessenger messenger = this.properties.isWelcome()
				? WebSocketClientMessenger.holding(connection, sendTimeLimit, sendBufferSize, this.codec)
				: new WebSocketClientMessenger(connection, sendTimeLimit, sendBufferSize, this.codec);
		connection.getAttributes().put(MESSENGER_ATTRIBUTE, messenger);
		Object previous = session.set(Session.CLIENT_ATTRIBUTE, messenger);
		if (previous instanceof ClientMessenger older && older.isOpen()) {
			older.close(GameCloseStatus.TAKEN_OVER, "Session resumed on another connection");
		}
		this.connections.opened(connection, session);
		if (session.state() == SessionState.NEW) {
			session.start();
		}
		if (!identifyPrincipal(connection, session, messenger)) {
			return;
		}
		if (this.properties.getMode() == WebSocketMode.PER_CONNECTION) {
			session.data().reload();
		}
		if (this.properties.isWelcome()) {
			messenger.release(new Welcome("session", session.id(), session.resumeToken(), session.userId()));
		}
		super.afterConnectionEstablished(connection);
	}

	private boolean identifyPrincipal(WebSocketSession connection, Session session, ClientMessenger messenger) {
		Principal principal = connection.getPrincipal();
		if (principal == null || !this.properties.getIdentity().contains(IdentitySource.PRINCIPAL)
				|| principal.getName().equals(session.userId())) {
			return true;
		}
		String userId = principal.getName();
		try {
			session.identify(userId);
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not identify session {} as its principal: {}", session.maskedId(), ex.toString());
			messenger.close(GameCloseStatus.IDENTIFY_FAILED, "Could not identify the player");
			return false;
		}
	}

	@Override
	public void handleMessage(WebSocketSession connection, WebSocketMessage<?> message) throws Exception {
		this.connections.seen(connection);
		if (message instanceof PongMessage) {
			return;
		}
		Session session = sessionOf(connection);
		if (session.state().isEnded()) {
			return;
		}
		session.touch();
		boolean perMessage = this.properties.getMode() == WebSocketMode.PER_MESSAGE;
		if (perMessage) {
			session.data().reload();
		}
		try {
			super.handleMessage(connection, message);
		}
		finally {
			if (perMessage && !session.state().isEnded()) {
				session.data().save();
			}
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession connection, CloseStatus closeStatus) throws Exception {
		this.connections.closed(connection);
		Object session = connection.getAttributes().get(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE);
		Object messenger = connection.getAttributes().get(MESSENGER_ATTRIBUTE);
		if (session instanceof Session closed && messenger != null && closed.get(Session.CLIENT_ATTRIBUTE) == messenger) {
			closed.remove(Session.CLIENT_ATTRIBUTE);
			if (!closed.state().isEnded()) {
				closed.disconnect();
			}
		}
		super.afterConnectionClosed(connection, closeStatus);
	}

	/**
	 * First message of each connection.
	 *
	 * @param type always {@code "session"}
	 * @param sessionId the session id
	 * @param resumeToken the token with which to resume after a dropped connection
	 * @param userId the user id, or {@code null} when not identified
	 */
	record Welcome(String type, String sessionId, String resumeToken, @Nullable String userId) {
	}

}
