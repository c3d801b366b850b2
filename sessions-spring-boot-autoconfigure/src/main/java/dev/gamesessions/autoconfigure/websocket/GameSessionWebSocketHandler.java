package dev.gamesessions.autoconfigure.websocket;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

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
 * ({@code per-connection}; not for a session the handshake created, which has nothing
 * stored), and a welcome message carries its id and resume token. The
 * principal is identified and the session data loaded off the connection's thread
 * ({@link Session#identifyAsync}, {@link dev.gamesessions.SessionData#reloadAsync()}: they
 * may wait for the store or for another node to let go of the player); messages that
 * arrive meanwhile are handed to the application afterwards, in order. When the store is
 * down the connection goes on without its session data (one rate-limited WARN);</li>
 * <li>per message: activity is recorded; in {@code per-message} mode session data is
 * reloaded before and saved after;</li>
 * <li>on close: the session is disconnected (persisting per the triggers, saving session
 * data, on the manager's event executor) and waits out the reconnect grace window.</li>
 * </ul>
 */
public class GameSessionWebSocketHandler extends WebSocketHandlerDecorator {

	private static final Logger logger = LoggerFactory.getLogger(GameSessionWebSocketHandler.class);

	/** The connection's {@link WebSocketConnections.Connection}: all a message needs, in one lookup. */
	private static final String CONNECTION_ATTRIBUTE = GameSessionWebSocketHandler.class.getName() + ".CONNECTION";

	private static final RateLimitedWarnings storeTrouble = new RateLimitedWarnings(logger, 10, TimeUnit.SECONDS);

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
		Object previous = session.set(Session.CLIENT_ATTRIBUTE, messenger);
		if (previous instanceof ClientMessenger older && older.isOpen()) {
			older.close(GameCloseStatus.TAKEN_OVER, "Session resumed on another connection");
		}
		WebSocketConnections.Connection open = this.connections.opened(connection, session, messenger);
		connection.getAttributes().put(CONNECTION_ATTRIBUTE, open);
		if (session.state() == SessionState.NEW) {
			session.start();
		}
		Principal principal = connection.getPrincipal();
		String principalName = (principal != null && this.properties.getIdentity().contains(IdentitySource.PRINCIPAL)
				&& !principal.getName().equals(session.userId())) ? principal.getName() : null;
		// A session this handshake created has nothing stored to load: nobody knew its id before.
		boolean created = connection.getAttributes().remove(GameSessionHandshakeInterceptor.CREATED_ATTRIBUTE) == session;
		boolean reload = this.properties.getMode() == WebSocketMode.PER_CONNECTION && !created;
		if (principalName == null && !reload) {
			ready(connection, session, messenger);
			return;
		}
		// Identifying and loading session data wait for the store, or for another node to let
		// go of the player: never on this thread. Messages arriving meanwhile wait, in order.
		HeldMessages held = new HeldMessages();
		open.held = held;
		CompletableFuture<Void> identified = (principalName != null) ? session.identifyAsync(principalName)
				: CompletableFuture.completedFuture(null);
		identified.whenComplete((ignored, failure) -> {
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				logger.warn("Could not identify session {} as its principal: {}", session.maskedId(), cause.toString());
				messenger.close(GameCloseStatus.IDENTIFY_FAILED, "Could not identify the player");
				return;
			}
			CompletableFuture<Void> loaded = reload ? session.data().reloadAsync() : CompletableFuture.completedFuture(null);
			loaded.whenComplete((none, loadFailure) -> {
				if (loadFailure != null) {
					// The store is down: the player plays on; the data loads on its first use.
					storeTrouble.report("Session data of session " + session.maskedId()
							+ " could not be loaded at connect; the connection goes on without it: " + loadFailure);
				}
				try {
					ready(connection, session, messenger);
					held.release((message) -> handle(connection, session, message));
					open.held = null;
				}
				catch (Exception ex) {
					logger.error("Opening the game connection of session {} failed", session.maskedId(), ex);
					closeQuietly(connection, CloseStatus.SERVER_ERROR);
				}
			});
		});
	}

	/** The rest of the opening: the welcome, then the application's handler. */
	private void ready(WebSocketSession connection, Session session, WebSocketClientMessenger messenger)
			throws Exception {
		if (this.properties.isWelcome()) {
			messenger.release(new Welcome("session", session.id(), session.resumeToken(), session.userId()));
		}
		super.afterConnectionEstablished(connection);
	}

	private static void closeQuietly(WebSocketSession connection, CloseStatus status) {
		try {
			connection.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not close connection {}: {}", connection.getId(), ex.toString());
		}
	}

	/**
	 * The steady path of every message: one attribute lookup, a flag for the heartbeat, the
	 * session's activity (no allocation), then the application's handler.
	 */
	@Override
	public void handleMessage(WebSocketSession connection, WebSocketMessage<?> message) throws Exception {
		Object state = connection.getAttributes().get(CONNECTION_ATTRIBUTE);
		if (!(state instanceof WebSocketConnections.Connection open)) {
			// Its session ended before the connection opened; the connection is closing.
			return;
		}
		this.connections.seen(open);
		if (message instanceof PongMessage) {
			return;
		}
		HeldMessages held = open.held;
		if (held != null && held.hold(message)) {
			return;
		}
		handle(connection, open.session, message);
	}

	private void handle(WebSocketSession connection, Session session, WebSocketMessage<?> message) throws Exception {
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
		Object state = connection.getAttributes().get(CONNECTION_ATTRIBUTE);
		if (state instanceof WebSocketConnections.Connection open
				&& open.session.get(Session.CLIENT_ATTRIBUTE) == open.messenger) {
			Session closed = open.session;
			closed.remove(Session.CLIENT_ATTRIBUTE);
			if (!closed.state().isEnded()) {
				// The events and the store work of the disconnect never hold this thread.
				closed.disconnectAsync();
			}
		}
		super.afterConnectionClosed(connection, closeStatus);
	}

	/**
	 * Messages of a connection that arrived while its session was being identified, kept
	 * in order; no lock is held while one is handled.
	 */
	static final class HeldMessages {

		private @Nullable List<WebSocketMessage<?>> waiting = new ArrayList<>();

		/** Keeps a message unless the connection is ready; returns whether it was kept. */
		synchronized boolean hold(WebSocketMessage<?> message) {
			List<WebSocketMessage<?>> list = this.waiting;
			if (list == null) {
				return false;
			}
			list.add(message);
			return true;
		}

		/** Hands the kept messages over in order, including those arriving meanwhile. */
		void release(MessageHandler handler) throws Exception {
			while (true) {
				List<WebSocketMessage<?>> batch;
				synchronized (this) {
					batch = this.waiting;
					if (batch == null || batch.isEmpty()) {
						this.waiting = null;
						return;
					}
					this.waiting = new ArrayList<>();
				}
				for (WebSocketMessage<?> message : batch) {
					handler.handle(message);
				}
			}
		}

	}

	@FunctionalInterface
	private interface MessageHandler {

		void handle(WebSocketMessage<?> message) throws Exception;

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
