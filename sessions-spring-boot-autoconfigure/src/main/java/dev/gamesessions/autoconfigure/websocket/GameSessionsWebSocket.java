package dev.gamesessions.autoconfigure.websocket;

import java.util.Optional;

import dev.gamesessions.DataCodec;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.IdentitySource;
import dev.gamesessions.autoconfigure.identity.SessionCookies;
import dev.gamesessions.autoconfigure.identity.SessionIdentityResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Wires game sessions into a WebSocket handler of the application's own. One call:
 *
 * <pre class="code">
 * &#64;Override
 * public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
 *     gameSessions.register(registry, new MyHandler(), "/game");
 * }
 * </pre>
 *
 * Inside the handler, {@link #sessionOf(org.springframework.web.socket.WebSocketSession)}
 * returns the connection's game session. The handler gets the same behaviour as the
 * auto-registered endpoint: identity at the handshake, origin allowlist, start, reconnect,
 * kicks, heartbeats, message size and send buffer limits.
 */
public class GameSessionsWebSocket {

	private final SessionManager manager;

	private final GameSessionsWebSocketProperties properties;

	private final WebSocketConnections connections;

	private final DataCodec codec;

	private final @Nullable SessionCookies cookies;

	public GameSessionsWebSocket(SessionManager manager, GameSessionsWebSocketProperties properties,
			WebSocketConnections connections, DataCodec codec, @Nullable SessionCookies cookies) {
		this.manager = manager;
		this.properties = properties;
		this.connections = connections;
		this.codec = codec;
		this.cookies = cookies;
	}

	/**
	 * Registers a handler at paths with the game session interceptor, the decorator and the
	 * origin allowlist.
	 * @param registry the registry
	 * @param handler the application's handler
	 * @param paths the paths
	 * @return the registration, for further settings
	 */
	public WebSocketHandlerRegistration register(WebSocketHandlerRegistry registry, WebSocketHandler handler,
			String... paths) {
		WebSocketHandlerRegistration registration = registry.addHandler(decorate(handler), paths)
			.addInterceptors(handshakeInterceptor());
		if (this.properties.getAllowedOrigins().isEmpty()) {
			return registration;
		}
		return registration.setAllowedOriginPatterns(this.properties.getAllowedOrigins().toArray(String[]::new));
	}

	/**
	 * Decorates a handler so its connections drive their game sessions' lifecycle.
	 * @param handler the handler
	 * @return the decorated handler
	 */
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new GameSessionWebSocketHandler(handler, this.properties, this.connections, this.codec);
	}

	/**
	 * The handshake interceptor that resolves each connection's game session.
	 * @return a new interceptor
	 */
	public GameSessionHandshakeInterceptor handshakeInterceptor() {
		return new GameSessionHandshakeInterceptor(this.manager, this.properties, identityResolver());
	}

	/**
	 * The sources of the session a handshake names, in the order of
	 * {@code websocket.identity}; the cookie and the HTTP session need Spring MVC's
	 * session cookie support.
	 * @return the composed resolver
	 */
	public SessionIdentityResolver identityResolver() {
		@Nullable SessionCookies cookies = this.cookies;
		return SessionIdentityResolver.firstOf(IdentitySource.<SessionIdentityResolver>resolvers(this.properties.getIdentity(),
				(source) -> switch (source) {
					case RESUME_TOKEN -> Optional.of(SessionIdentityResolver.resumeToken(this.manager,
							this.properties.getResumeHeader(), this.properties.getResumeParameter()));
					case COOKIE -> Optional.ofNullable(cookies).map(SessionCookies::cookie);
					case HTTP_SESSION -> Optional.ofNullable(cookies).map(SessionCookies::httpSession);
					// Not a session of its own: identifies the session once it has started.
					case PRINCIPAL -> Optional.empty();
				}));
	}

	/**
	 * The game session of a connection.
	 * @param connection the connection
	 * @return its session
	 */
	public static dev.gamesessions.Session sessionOf(org.springframework.web.socket.WebSocketSession connection) {
		return GameSessionWebSocketHandler.sessionOf(connection);
	}

}
