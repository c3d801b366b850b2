package dev.gamesessions.autoconfigure.websocket;

import java.util.Map;

import dev.gamesessions.Session;
import dev.gamesessions.SessionLimitException;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.InvalidSessionAction;
import dev.gamesessions.autoconfigure.identity.SessionIdentity;
import dev.gamesessions.autoconfigure.identity.SessionIdentityResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Finds or creates the game session of a WebSocket handshake and puts it into the
 * connection's attributes. Identity is taken from the configured chain of
 * {@link SessionIdentityResolver}s (resume token, signed session cookie, HTTP session, in
 * the order of {@code websocket.identity}); failing those, the player gets a new anonymous
 * session. (The connection's authenticated principal identifies the session once it has
 * started: {@link GameSessionWebSocketHandler}.) A
 * handshake that names a bad session publishes {@code SessionInvalidEvent} and is refused
 * with 401 or continues with a new session, as configured.
 */
public class GameSessionHandshakeInterceptor implements HandshakeInterceptor {

	/**
	 * Connection attribute holding the {@link Session}.
	 */
	public static final String SESSION_ATTRIBUTE = GameSessionHandshakeInterceptor.class.getName() + ".SESSION";

	/**
	 * Request attribute holding a session created by this handshake, destroyed if the
	 * handshake fails; also a connection attribute, until the connection has opened: such a
	 * session has no stored session data to load, since nobody knew its id before.
	 */
	static final String CREATED_ATTRIBUTE = GameSessionHandshakeInterceptor.class.getName() + ".CREATED";

	/**
	 * Response header saying why a handshake was refused.
	 */
	public static final String ERROR_HEADER = "X-Game-Session-Error";

	private final SessionManager manager;

	private final GameSessionsWebSocketProperties properties;

	private final SessionIdentityResolver identity;

	/**
	 * Creates the interceptor.
	 * @param manager the session manager
	 * @param properties the WebSocket properties
	 * @param identity the sources of the session a handshake names, in order
	 * ({@code websocket.identity} without the principal, which identifies the session
	 * once it has started)
	 */
	public GameSessionHandshakeInterceptor(SessionManager manager, GameSessionsWebSocketProperties properties,
			SessionIdentityResolver identity) {
		this.manager = manager;
		this.properties = properties;
		this.identity = identity;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		try {
			return resolveSession(request, response, attributes);
		}
		catch (SessionLimitException ex) {
			// This node is full: say so (503) rather than fail the handshake with an error.
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			response.getHeaders().set(ERROR_HEADER, "capacity");
			return false;
		}
	}

	private boolean resolveSession(ServerHttpRequest request, ServerHttpResponse response,
			Map<String, Object> attributes) {
		HttpServletRequest servletRequest = (request instanceof ServletServerHttpRequest servlet)
				? servlet.getServletRequest() : null;
		SessionIdentity identity = (servletRequest != null) ? this.identity.resolve(servletRequest)
				: SessionIdentity.NONE;
		Session session = identity.session();
		if (session != null && !session.reconnect()) {
			// Named by its cookie or HTTP session: back on this connection if still in its grace
			// window, a new session if it ended meanwhile.
			session = null;
		}
		if (session == null && identity.rejected() && this.properties.getOnInvalid() == InvalidSessionAction.REJECT) {
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			response.getHeaders().set(ERROR_HEADER, "invalid-session");
			return false;
		}
		if (session == null) {
			session = this.manager.create();
			if (servletRequest != null) {
				servletRequest.setAttribute(CREATED_ATTRIBUTE, session);
			}
			attributes.put(CREATED_ATTRIBUTE, session);
		}
		attributes.put(SESSION_ATTRIBUTE, session);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		if (exception != null && request instanceof ServletServerHttpRequest servlet
				&& servlet.getServletRequest().getAttribute(CREATED_ATTRIBUTE) instanceof Session created) {
			created.destroy(false);
		}
	}

}
