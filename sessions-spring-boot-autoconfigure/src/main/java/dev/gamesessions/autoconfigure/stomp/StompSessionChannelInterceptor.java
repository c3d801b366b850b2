package dev.gamesessions.autoconfigure.stomp;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DataCodec;
import dev.gamesessions.InvalidSessionException;
import dev.gamesessions.Session;
import dev.gamesessions.SessionLimitException;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.IdentitySource;
import dev.gamesessions.autoconfigure.InvalidSessionAction;
import dev.gamesessions.autoconfigure.WebSocketMode;
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import dev.gamesessions.autoconfigure.websocket.GameSessionHandshakeInterceptor;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketProperties;
import dev.gamesessions.autoconfigure.websocket.RateLimitedWarnings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.handler.invocation.AbstractMethodMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.CloseStatus;

/**
 * Attaches game sessions to STOMP connections, on the client inbound channel, after the
 * application's own interceptors (so that it sees a principal one of them set at
 * {@code CONNECT}, as Spring Security's token-based STOMP setup does):
 * <ul>
 * <li>{@code CONNECT}: the session is the one a resume token in the {@code CONNECT}
 * headers names ({@code websocket.resume-header}), else the one the handshake named
 * (resume token, cookie, HTTP session), else a new one; it gets a
 * {@link StompClientMessenger} (an older connection of the same session is closed with
 * {@link GameCloseStatus#TAKEN_OVER}), is started when new, identified as the
 * {@code CONNECT} principal and its session data loaded ({@code per-connection}, unless
 * the session is new), both off this thread. Frames the client sends meanwhile are held and
 * sent on afterwards, in the order received (handled in that order only when the
 * application preserves the receive order, as for any frames). A resume token that is refused gets a new session, or with
 * {@code websocket.on-invalid=reject} an {@code ERROR} frame; a full node answers
 * {@code ERROR} too;</li>
 * <li>{@code SUBSCRIBE} to the game destination: the welcome and what was held go out;</li>
 * <li>each frame: activity is recorded; {@code per-message} mode reloads session data
 * before an {@code @MessageMapping} method and saves it after;</li>
 * <li>{@code DISCONNECT}: the session is disconnected (as when the connection closes).</li>
 * </ul>
 */
final class StompSessionChannelInterceptor implements ExecutorChannelInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(StompSessionChannelInterceptor.class);

	private static final RateLimitedWarnings storeTrouble = new RateLimitedWarnings(logger, 10, TimeUnit.SECONDS);

	private final SessionManager manager;

	private final GameSessionsWebSocketProperties properties;

	private final DataCodec codec;

	private final String destination;

	StompSessionChannelInterceptor(SessionManager manager, GameSessionsWebSocketProperties properties, DataCodec codec,
			String destination) {
		this.manager = manager;
		this.properties = properties;
		this.codec = codec;
		this.destination = destination;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		StompCommand command = (accessor != null) ? accessor.getCommand() : null;
		if (accessor == null || command == null) {
			return message;
		}
		Map<String, Object> attributes = accessor.getSessionAttributes();
		StompConnection connection = StompConnection.of(attributes);
		if (attributes == null || connection == null) {
			return message;
		}
		switch (command) {
			case CONNECT, STOMP -> {
				try {
					connect(accessor, attributes, connection, channel);
				}
				catch (Refusal refusal) {
					// The ERROR frame and the close are ours: Spring's handler would log a refused
					// CONNECT at ERROR with a stack trace, and, when it preserves the receive
					// order, leave the connection open.
					connection.end(new CloseStatus(refusal.code, refusal.getMessage()), refusal.code);
					return null;
				}
			}
			case DISCONNECT -> disconnect(attributes, connection);
			default -> {
				if (connection.holds(message)) {
					return null;
				}
				if (attributes.get(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE) instanceof Session session
						&& !session.state().isEnded()) {
					session.touch();
				}
			}
		}
		return message;
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent,
			@Nullable Exception ex) {
		if (!sent || ex != null) {
			return;
		}
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null) {
			return;
		}
		StompConnection connection = StompConnection.of(accessor.getSessionAttributes());
		StompClientMessenger messenger = (connection != null) ? connection.messenger() : null;
		String subscriptionId = accessor.getSubscriptionId();
		if (messenger == null || subscriptionId == null) {
			return;
		}
		if (accessor.getCommand() == StompCommand.SUBSCRIBE && messenger.destination().equals(accessor.getDestination())) {
			messenger.subscribed(subscriptionId);
		}
		else if (accessor.getCommand() == StompCommand.UNSUBSCRIBE) {
			messenger.unsubscribed(subscriptionId);
		}
	}

	private void connect(StompHeaderAccessor accessor, Map<String, Object> attributes,
			StompConnection connection, MessageChannel channel) {
		Resolved resolved = resolve(accessor, attributes);
		Session session = resolved.session();
		attributes.put(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE, session);
		long holdLimit = this.properties.getSendBufferSize().toBytes();
		StompClientMessenger messenger = new StompClientMessenger(connection, this.codec, this.destination, holdLimit);
		connection.messenger(messenger);
		Object previous = session.set(Session.CLIENT_ATTRIBUTE, messenger);
		if (previous instanceof ClientMessenger older && older.isOpen()) {
			older.close(GameCloseStatus.TAKEN_OVER, "Session resumed on another connection");
		}
		if (session.state() == SessionState.NEW) {
			session.start();
		}
		else if (session.state().isEnded()) {
			// Destroyed since the handshake named it (kicked, expired).
			messenger.close(GameCloseStatus.SESSION_ENDED, "Session ended");
			return;
		}
		Principal principal = accessor.getUser();
		String principalName = (principal != null && this.properties.getIdentity().contains(IdentitySource.PRINCIPAL)
				&& !principal.getName().equals(session.userId())) ? principal.getName() : null;
		// A session this CONNECT created has nothing stored yet.
		boolean reload = this.properties.getMode() == WebSocketMode.PER_CONNECTION && !resolved.created();
		if (principalName == null && !reload) {
			ready(session, messenger);
			return;
		}
		// Identifying and loading session data wait for the store, or for another node to let
		// go of the player: never on this thread. Frames arriving meanwhile wait, in order.
		connection.hold(channel);
		CompletableFuture<Void> identified = (principalName != null) ? session.identifyAsync(principalName)
				: CompletableFuture.completedFuture(null);
		identified.whenComplete((ignored, failure) -> {
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				logger.warn("Could not identify session {} as its principal: {}", session.maskedId(), cause.toString());
				connection.drop();
				messenger.close(GameCloseStatus.IDENTIFY_FAILED, "Could not identify the player");
				return;
			}
			CompletableFuture<Void> loaded = reload ? session.data().reloadAsync()
					: CompletableFuture.completedFuture(null);
			loaded.whenComplete((none, loadFailure) -> {
				if (loadFailure != null) {
					// The store is down: the player plays on; the data loads on its first use.
					storeTrouble.report("Session data of session " + session.maskedId()
							+ " could not be loaded at STOMP CONNECT; the connection goes on without it: " + loadFailure);
				}
				ready(session, messenger);
				connection.release();
			});
		});
	}

	private void ready(Session session, StompClientMessenger messenger) {
		messenger.ready(this.properties.isWelcome()
				? () -> new Welcome("session", session.id(), session.resumeToken(), session.userId()) : null);
	}

	/** The session of a {@code CONNECT}: resumed by its headers, named by the handshake, or new. */
	private Resolved resolve(StompHeaderAccessor accessor, Map<String, Object> attributes) {
		Session named = (attributes.get(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE) instanceof Session found)
				? found : null;
		String token = this.properties.getIdentity().contains(IdentitySource.RESUME_TOKEN)
				? accessor.getFirstNativeHeader(this.properties.getResumeHeader()) : null;
		if (token != null && !token.isEmpty()) {
			try {
				Session resumed = this.manager.resume(token);
				if (named != null && named != resumed && named.client() == null) {
					// The handshake's cookie named another session: it stays in its grace window.
					named.disconnectAsync();
				}
				return new Resolved(resumed, false);
			}
			catch (InvalidSessionException ex) {
				// Published as SessionInvalidEvent by the manager.
				if (this.properties.getOnInvalid() == InvalidSessionAction.REJECT) {
					// Not the failed message: its headers hold the token.
					throw new Refusal(CloseStatus.POLICY_VIOLATION.getCode(), "invalid-session: " + ex.getMessage());
				}
			}
		}
		if (named != null && !named.state().isEnded()) {
			return new Resolved(named, false);
		}
		try {
			return new Resolved(this.manager.create(), true);
		}
		catch (SessionLimitException ex) {
			throw new Refusal(1013, "capacity: this server holds all the players it can");
		}
	}

	private void disconnect(Map<String, Object> attributes, StompConnection connection) {
		connection.drop();
		StompClientMessenger messenger = connection.messenger();
		if (messenger != null && attributes.get(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE) instanceof Session session
				&& session.get(Session.CLIENT_ATTRIBUTE) == messenger && !session.state().isEnded()) {
			session.remove(Session.CLIENT_ATTRIBUTE);
			session.disconnectAsync();
		}
	}

	@Override
	public @Nullable Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
		Session session = perMessageSession(message, handler);
		if (session != null) {
			session.data().reload();
		}
		return message;
	}

	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
			@Nullable Exception ex) {
		Session session = perMessageSession(message, handler);
		if (session != null && !session.state().isEnded()) {
			session.data().save();
		}
	}

	/** The session whose data wraps a {@code SEND} to an {@code @MessageMapping} method, in per-message mode. */
	private @Nullable Session perMessageSession(Message<?> message, MessageHandler handler) {
		if (this.properties.getMode() != WebSocketMode.PER_MESSAGE || !(handler instanceof AbstractMethodMessageHandler)) {
			return null;
		}
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		Map<String, Object> attributes = (accessor != null && accessor.getCommand() == StompCommand.SEND)
				? accessor.getSessionAttributes() : null;
		return (attributes != null
				&& attributes.get(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE) instanceof Session session
				&& !session.state().isEnded()) ? session : null;
	}

	/**
	 * The session of a {@code CONNECT}.
	 *
	 * @param session the session
	 * @param created whether this {@code CONNECT} created it
	 */
	private record Resolved(Session session, boolean created) {
	}

	/**
	 * The first message on the game destination of each connection, as on plain WebSocket
	 * connections.
	 *
	 * @param type always {@code "session"}
	 * @param sessionId the session id
	 * @param resumeToken the token with which to resume after a dropped connection
	 * @param userId the user id, or {@code null} when not identified
	 */
	record Welcome(String type, String sessionId, String resumeToken, @Nullable String userId) {
	}

	/**
	 * A {@code CONNECT} the game refuses (a full node: 1013, try again later; a bad resume
	 * token with {@code on-invalid=reject}: 1008): the player's mistake or the node's
	 * state, not a fault, so no stack trace.
	 */
	private static final class Refusal extends RuntimeException {

		private static final long serialVersionUID = 1L;

		final int code;

		Refusal(int code, String message) {
			super(message, null, false, false);
			this.code = code;
		}

	}

}
