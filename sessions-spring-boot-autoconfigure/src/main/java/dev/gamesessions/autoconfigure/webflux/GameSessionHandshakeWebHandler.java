package dev.gamesessions.autoconfigure.webflux;

import java.util.List;

import dev.gamesessions.Session;
import dev.gamesessions.SessionLimitException;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.InvalidSessionAction;
import dev.gamesessions.autoconfigure.identity.SessionIdentity;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketProperties;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * The handshake of a reactive game endpoint, the WebFlux counterpart of the servlet
 * endpoint's {@link dev.gamesessions.autoconfigure.websocket.GameSessionHandshakeInterceptor}:
 * <ul>
 * <li>a page of a foreign origin (not the same origin and not in
 * {@code websocket.allowed-origins}) is refused with 403; clients that send no
 * {@code Origin} header (native game clients) are allowed;</li>
 * <li>the game session is found through the {@link ExchangeIdentityResolver} chain (resume
 * token, signed cookie, {@code WebSession}, in the order of {@code websocket.identity}),
 * or created; the authenticated principal identifies it once it has started
 * ({@link GameSessionWebFluxHandler}). This runs on the blocking scheduler: restoring a
 * session may wait for the store, and the session's events run the application's
 * listeners;</li>
 * <li>a handshake that names a bad session publishes {@code SessionInvalidEvent} and gets a
 * new session, or 401 with {@code websocket.on-invalid=reject}; a node holding its maximum
 * of live sessions answers 503 with {@code X-Game-Session-Error: capacity};</li>
 * <li>the upgrade is left to the {@link WebSocketService} (which enforces the largest
 * message), and the session is put into the connection's attributes under
 * {@link #SESSION_ATTRIBUTE}. A session created for a handshake that then fails is
 * destroyed.</li>
 * </ul>
 */
public class GameSessionHandshakeWebHandler implements WebHandler {

	/**
	 * Connection attribute holding the {@link Session}.
	 */
	public static final String SESSION_ATTRIBUTE = GameSessionHandshakeWebHandler.class.getName() + ".SESSION";

	/**
	 * Response header saying why a handshake was refused (the servlet endpoint's).
	 */
	public static final String ERROR_HEADER = "X-Game-Session-Error";

	private final SessionManager manager;

	private final GameSessionsWebSocketProperties properties;

	private final ExchangeIdentityResolver identity;

	private final WebSocketService webSocketService;

	private final WebSocketHandler handler;

	private final Scheduler blocking;

	private final @Nullable CorsConfiguration allowedOrigins;

	/**
	 * Creates the handshake handler.
	 * @param manager the session manager
	 * @param properties the WebSocket properties
	 * @param identity the sources of the session a handshake names, in order
	 * @param webSocketService the service that upgrades the connection
	 * @param handler the connection's handler
	 * @param blocking where engine calls that may block run
	 */
	public GameSessionHandshakeWebHandler(SessionManager manager, GameSessionsWebSocketProperties properties,
			ExchangeIdentityResolver identity, WebSocketService webSocketService, WebSocketHandler handler,
			Scheduler blocking) {
		this.manager = manager;
		this.properties = properties;
		this.identity = identity;
		this.webSocketService = webSocketService;
		this.handler = handler;
		this.blocking = blocking;
		this.allowedOrigins = allowedOrigins(properties.getAllowedOrigins());
	}

	private static @Nullable CorsConfiguration allowedOrigins(List<String> patterns) {
		if (patterns.isEmpty()) {
			return null;
		}
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOriginPatterns(patterns);
		return configuration;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		if (!isUpgrade(request)) {
			// Not a WebSocket handshake: the service answers it (400, 405) without a session.
			return this.webSocketService.handleRequest(exchange, this.handler);
		}
		if (!isOriginAllowed(request)) {
			return refuse(exchange, HttpStatus.FORBIDDEN, null);
		}
		return this.identity.resolve(exchange)
			.map(this::sessionFor)
			.subscribeOn(this.blocking)
			.flatMap((resolved) -> {
				Session session = resolved.session();
				if (session == null) {
					return refuse(exchange, HttpStatus.UNAUTHORIZED, "invalid-session");
				}
				WebSocketHandler withSession = (connection) -> {
					connection.getAttributes().put(SESSION_ATTRIBUTE, session);
					return this.handler.handle(connection);
				};
				return this.webSocketService.handleRequest(exchange, withSession).doOnError((failure) -> {
					if (resolved.created()) {
						session.destroy(false);
					}
				});
			})
			.onErrorResume(SessionLimitException.class,
					// This node is full: say so (503) rather than fail the handshake with an error.
					(ex) -> refuse(exchange, HttpStatus.SERVICE_UNAVAILABLE, "capacity"));
	}

	private static boolean isUpgrade(ServerHttpRequest request) {
		return HttpMethod.GET.equals(request.getMethod())
				&& "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
	}

	private boolean isOriginAllowed(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		if (origin == null || !CorsUtils.isCorsRequest(request)) {
			// No Origin header (a native client), or the page's own origin.
			return true;
		}
		return this.allowedOrigins != null && this.allowedOrigins.checkOrigin(origin) != null;
	}

	/** The session of the handshake; none when it named a bad session and those are refused. */
	private Resolved sessionFor(SessionIdentity identity) {
		Session session = identity.session();
		if (session != null && !session.reconnect()) {
			// Named by its cookie or web session: back on this connection if still in its grace
			// window, a new session if it ended meanwhile.
			session = null;
		}
		if (session != null) {
			return new Resolved(session, false);
		}
		if (identity.rejected() && this.properties.getOnInvalid() == InvalidSessionAction.REJECT) {
			return new Resolved(null, false);
		}
		return new Resolved(this.manager.create(), true);
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, @Nullable String reason) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		if (reason != null) {
			response.getHeaders().set(ERROR_HEADER, reason);
		}
		return response.setComplete();
	}

	private record Resolved(@Nullable Session session, boolean created) {
	}

}
