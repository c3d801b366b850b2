package dev.gamesessions.autoconfigure.webflux;

import java.security.Principal;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DataCodec;
import dev.gamesessions.IllegalSessionStateException;
import dev.gamesessions.Session;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.IdentitySource;
import dev.gamesessions.autoconfigure.WebSocketMode;
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import dev.gamesessions.autoconfigure.websocket.GameMessageDispatcher;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketProperties;
import dev.gamesessions.autoconfigure.websocket.RateLimitedWarnings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The reactive {@link WebSocketHandler} of a game endpoint: each connection drives the
 * lifecycle of the game session its handshake resolved
 * ({@link GameSessionHandshakeWebHandler}), as the servlet endpoint's
 * {@link dev.gamesessions.autoconfigure.websocket.GameSessionWebSocketHandler} does:
 * <ul>
 * <li>on open: the session gets a {@link ClientMessenger} (an older connection of the same
 * session is closed with {@link GameCloseStatus#TAKEN_OVER}), is started when new,
 * identified as the authenticated principal ({@link Session#identifyAsync}), its session
 * data loaded ({@code per-connection}, {@link dev.gamesessions.SessionData#reloadAsync()};
 * when the store is down the connection goes on without it, one rate-limited WARN), and a
 * welcome message carries its id and resume token. Messages that arrive meanwhile wait,
 * in order;</li>
 * <li>per message: activity is recorded, and the message is handed to the
 * {@link GameMessageDispatcher} on the blocking scheduler (never on the event loop: the
 * application's handler may identify the player or call {@code persistNow()}), one at a
 * time and in order for each connection; in {@code per-message} mode session data is
 * reloaded before and saved after. With {@code websocket.event-loop-handler=true} (the
 * application's promise that its handler never blocks) and {@code per-connection} mode,
 * the message is handed over on the event loop instead, saving two thread hand-offs per
 * message;</li>
 * <li>on close: the session is disconnected ({@link Session#disconnectAsync()}: the
 * persisting and the events run on the manager's event executor) and waits out the
 * reconnect grace window.</li>
 * </ul>
 * Binary messages close the connection with 1003.
 */
public class GameSessionWebFluxHandler implements WebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(GameSessionWebFluxHandler.class);

	private static final RateLimitedWarnings storeTrouble = new RateLimitedWarnings(logger, 10, TimeUnit.SECONDS);

	private final GameMessageDispatcher dispatcher;

	private final GameSessionsWebSocketProperties properties;

	private final ReactiveWebSocketConnections connections;

	private final DataCodec codec;

	private final Scheduler blocking;

	/**
	 * Creates the handler.
	 * @param dispatcher hands each message to the application
	 * @param properties the WebSocket properties
	 * @param connections the open connections of this node
	 * @param codec encodes the welcome message
	 * @param blocking where engine calls that may block run (such as
	 * {@code Schedulers.boundedElastic()})
	 */
	public GameSessionWebFluxHandler(GameMessageDispatcher dispatcher, GameSessionsWebSocketProperties properties,
			ReactiveWebSocketConnections connections, DataCodec codec, Scheduler blocking) {
		this.dispatcher = dispatcher;
		this.properties = properties;
		this.connections = connections;
		this.codec = codec;
		this.blocking = blocking;
	}

	/**
	 * The game session of a connection.
	 * @param connection the WebSocket connection
	 * @return the session
	 * @throws IllegalStateException when the connection's handshake did not go through
	 * {@link GameSessionHandshakeWebHandler}
	 */
	public static Session sessionOf(WebSocketSession connection) {
		Object session = connection.getAttributes().get(GameSessionHandshakeWebHandler.SESSION_ATTRIBUTE);
		if (session instanceof Session found) {
			return found;
		}
		throw new IllegalStateException("WebSocket connection " + connection.getId()
				+ " has no game session: open it through GameSessionHandshakeWebHandler");
	}

	@Override
	public Mono<Void> handle(WebSocketSession connection) {
		Session session = sessionOf(connection);
		if (session.state().isEnded()) {
			// Destroyed between the handshake and now (kicked, expired).
			return connection.close(new CloseStatus(GameCloseStatus.SESSION_ENDED, "Session ended"));
		}
		ReactiveClientMessenger messenger = new ReactiveClientMessenger(connection,
				this.properties.getSendBufferSize().toBytes(), this.codec, this.properties.isWelcome());
		Object previous = session.set(Session.CLIENT_ATTRIBUTE, messenger);
		if (previous instanceof ClientMessenger older && older.isOpen()) {
			older.close(GameCloseStatus.TAKEN_OVER, "Session resumed on another connection");
		}
		String id = connection.getId();
		ReactiveWebSocketConnections.Connection watched = this.connections.opened(id, messenger);
		Mono<Void> output = connection.send(messenger.messages());
		Mono<Void> input = open(connection, session, messenger).flatMap((ready) -> {
			Flux<WebSocketMessage> received = connection.receive().doOnNext((message) -> this.connections.seen(watched));
			if (!ready) {
				// Closing: wait for the player's close, reading nothing.
				return received.then();
			}
			return received.concatMap((message) -> handle(connection, session, messenger, message)).then();
		}).doFinally((signal) -> messenger.closed());
		return Mono.when(input, output)
			.onErrorResume((failure) -> {
				logger.debug("Connection {} of session {} failed: {}", id, session.maskedId(), failure.toString());
				return Mono.empty();
			})
			.doFinally((signal) -> closed(id, session, messenger));
	}

	/**
	 * Starts the session, identifies it as the principal and loads its session data, off the
	 * event loop, then sends the welcome; {@code false} when the connection is being closed
	 * instead.
	 */
	private Mono<Boolean> open(WebSocketSession connection, Session session, ReactiveClientMessenger messenger) {
		Mono<Boolean> started = Mono.fromCallable(() -> {
			if (session.state() == SessionState.NEW) {
				session.start();
			}
			return true;
		}).subscribeOn(this.blocking).onErrorResume(IllegalSessionStateException.class, (ex) -> {
			// Ended between the handshake and now (kicked, expired, destroyed).
			messenger.close(GameCloseStatus.SESSION_ENDED, "Session ended");
			return Mono.just(false);
		});
		Mono<String> principal = this.properties.getIdentity().contains(IdentitySource.PRINCIPAL)
				? connection.getHandshakeInfo().getPrincipal().map(Principal::getName) : Mono.empty();
		Mono<Boolean> identified = principal.filter((name) -> !name.equals(session.userId()))
			.flatMap((name) -> Mono.fromFuture(() -> session.identifyAsync(name), true))
			.thenReturn(true)
			.onErrorResume((failure) -> {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				logger.warn("Could not identify session {} as its principal: {}", session.maskedId(), cause.toString());
				messenger.close(GameCloseStatus.IDENTIFY_FAILED, "Could not identify the player");
				return Mono.just(false);
			});
		return started.flatMap((live) -> live ? identified : Mono.just(false)).flatMap((ok) -> {
			if (!ok) {
				return Mono.just(false);
			}
			Mono<Void> loaded = (this.properties.getMode() == WebSocketMode.PER_CONNECTION)
					? Mono.fromFuture(() -> session.data().reloadAsync(), true)
						.onErrorResume((failure) -> {
							// The store is down: the player plays on; the data loads on its first use.
							storeTrouble.report("Session data of session " + session.maskedId()
									+ " could not be loaded at connect; the connection goes on without it: " + failure);
							return Mono.empty();
						})
					: Mono.empty();
			return loaded.then(Mono.fromCallable(() -> {
				if (this.properties.isWelcome()) {
					messenger.release(new Welcome("session", session.id(), session.resumeToken(), session.userId()));
				}
				return true;
			}));
		});
	}

	private Mono<Void> handle(WebSocketSession connection, Session session, ReactiveClientMessenger messenger,
			WebSocketMessage message) {
		if (!messenger.isOpen()) {
			// The server is closing this connection (a kick, an idle timeout): nothing more is handled.
			return Mono.empty();
		}
		if (message.getType() == WebSocketMessage.Type.BINARY) {
			messenger.close(CloseStatus.NOT_ACCEPTABLE.getCode(), "Binary messages not supported");
			return Mono.empty();
		}
		if (message.getType() != WebSocketMessage.Type.TEXT) {
			return Mono.empty();
		}
		// Read on the event loop: the frame's buffer is released once this returns.
		String text = message.getPayloadAsText();
		if (this.properties.isEventLoopHandler() && this.properties.getMode() == WebSocketMode.PER_CONNECTION) {
			// The application vouches that its handler never blocks: no thread hop per message.
			dispatch(session, text);
			return Mono.empty();
		}
		return Mono.<Void>fromRunnable(() -> dispatch(session, text)).subscribeOn(this.blocking);
	}

	private void dispatch(Session session, String text) {
		if (session.state().isEnded()) {
			return;
		}
		session.touch();
		boolean perMessage = this.properties.getMode() == WebSocketMode.PER_MESSAGE;
		if (perMessage) {
			try {
				session.data().reload();
			}
			catch (RuntimeException ex) {
				storeTrouble.report("Session data of session " + session.maskedId()
						+ " could not be reloaded before a message: " + ex);
			}
		}
		try {
			this.dispatcher.dispatch(session, text);
		}
		finally {
			if (perMessage && !session.state().isEnded()) {
				try {
					session.data().save();
				}
				catch (RuntimeException ex) {
					storeTrouble.report("Session data of session " + session.maskedId()
							+ " could not be saved after a message: " + ex);
				}
			}
		}
	}

	private void closed(String id, Session session, ReactiveClientMessenger messenger) {
		this.connections.closed(id);
		messenger.closed();
		if (session.get(Session.CLIENT_ATTRIBUTE) == messenger) {
			session.remove(Session.CLIENT_ATTRIBUTE);
			if (!session.state().isEnded()) {
				// The events and the store work of the disconnect never hold this thread.
				session.disconnectAsync();
			}
		}
	}

	/**
	 * First message of each connection, as on the servlet endpoint.
	 *
	 * @param type always {@code "session"}
	 * @param sessionId the session id
	 * @param resumeToken the token with which to resume after a dropped connection
	 * @param userId the user id, or {@code null} when not identified
	 */
	record Welcome(String type, String sessionId, String resumeToken, @Nullable String userId) {
	}

}
