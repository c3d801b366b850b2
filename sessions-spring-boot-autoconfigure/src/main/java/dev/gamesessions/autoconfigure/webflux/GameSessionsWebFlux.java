package dev.gamesessions.autoconfigure.webflux;

import java.util.Map;
import java.util.Optional;

import dev.gamesessions.DataCodec;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.IdentitySource;
import dev.gamesessions.autoconfigure.websocket.GameMessageDispatcher;
import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketProperties;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.WebHandler;

/**
 * Game sessions on WebFlux endpoints of the application's own, on Reactor Netty. One
 * call maps a {@link GameMessageHandler} at a path:
 *
 * <pre class="code">
 * &#64;Bean
 * HandlerMapping arena(GameSessionsWebFlux gameSessions) {
 *     return gameSessions.mapping("/arena", (session, message) -&gt; session.client().send(message));
 * }
 * </pre>
 *
 * The endpoint gets the same behaviour as the auto-registered one: identity at the
 * handshake, origin allowlist, start, reconnect, kicks, heartbeats, message size and send
 * buffer limits, all from {@code game.sessions.websocket.*}.
 */
public class GameSessionsWebFlux {

	/** Before the annotated controllers' mapping (order 0), as Spring's WebSocket samples map theirs. */
	private static final int MAPPING_ORDER = -1;

	private final SessionManager manager;

	private final GameSessionsWebSocketProperties properties;

	private final ReactiveWebSocketConnections connections;

	private final DataCodec codec;

	private final @Nullable WebFluxSessionCookies cookies;

	private final ApplicationEventPublisher publisher;

	private final Scheduler blocking;

	private final WebSocketService webSocketService;

	/**
	 * Creates the support.
	 * @param manager the session manager
	 * @param properties the WebSocket properties
	 * @param connections the open connections of this node
	 * @param codec encodes the welcome message
	 * @param cookies the session cookie support, or {@code null} to take no identity from
	 * cookies and web sessions
	 * @param publisher publishes the messages of endpoints without a handler
	 * @param blocking where engine calls that may block run (such as
	 * {@code Schedulers.boundedElastic()})
	 */
	public GameSessionsWebFlux(SessionManager manager, GameSessionsWebSocketProperties properties,
			ReactiveWebSocketConnections connections, DataCodec codec, @Nullable WebFluxSessionCookies cookies,
			ApplicationEventPublisher publisher, Scheduler blocking) {
		this.manager = manager;
		this.properties = properties;
		this.connections = connections;
		this.codec = codec;
		this.cookies = cookies;
		this.publisher = publisher;
		this.blocking = blocking;
		this.webSocketService = webSocketService(properties);
	}

	private static WebSocketService webSocketService(GameSessionsWebSocketProperties properties) {
		int maxMessageSize = Math.toIntExact(properties.getMaxMessageSize().toBytes());
		return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
				() -> WebsocketServerSpec.builder().maxFramePayloadLength(maxMessageSize)));
	}

	/**
	 * A handler mapping that serves a game endpoint at a path.
	 * @param path the path
	 * @param handler the application's handler of the players' messages
	 * @return the mapping, ordered before annotated controllers
	 */
	public HandlerMapping mapping(String path, GameMessageHandler handler) {
		return mapping(path, endpoint(handler));
	}

	HandlerMapping mapping(String path, WebHandler endpoint) {
		return new SimpleUrlHandlerMapping(Map.of(path, endpoint), MAPPING_ORDER);
	}

	/**
	 * The handshake handler of a game endpoint, to map at a path.
	 * @param handler the application's handler of the players' messages
	 * @return the handler
	 */
	public WebHandler endpoint(GameMessageHandler handler) {
		return endpoint(new GameMessageDispatcher(handler, this.publisher));
	}

	WebHandler endpoint(GameMessageDispatcher dispatcher) {
		GameSessionWebFluxHandler connectionHandler = new GameSessionWebFluxHandler(dispatcher, this.properties,
				this.connections, this.codec, this.blocking);
		return new GameSessionHandshakeWebHandler(this.manager, this.properties, identityResolver(),
				this.webSocketService, connectionHandler, this.blocking);
	}

	/**
	 * The sources of the session a handshake names, in the order of
	 * {@code websocket.identity}; the cookie and the web session need the cookie support.
	 * @return the composed resolver
	 */
	public ExchangeIdentityResolver identityResolver() {
		@Nullable WebFluxSessionCookies cookies = this.cookies;
		return ExchangeIdentityResolver.firstOf(IdentitySource.<ExchangeIdentityResolver>resolvers(this.properties.getIdentity(),
				(source) -> switch (source) {
					case RESUME_TOKEN -> Optional.of(ExchangeIdentityResolver.resumeToken(this.manager,
							this.properties.getResumeHeader(), this.properties.getResumeParameter()));
					case COOKIE -> Optional.ofNullable(cookies).map(WebFluxSessionCookies::cookie);
					case HTTP_SESSION -> Optional.ofNullable(cookies).map(WebFluxSessionCookies::webSession);
					// Not a session of its own: identifies the session once it has started.
					case PRINCIPAL -> Optional.empty();
				}));
	}

	/**
	 * The game session of a connection.
	 * @param connection the connection
	 * @return its session
	 */
	public static Session sessionOf(WebSocketSession connection) {
		return GameSessionWebFluxHandler.sessionOf(connection);
	}

}
