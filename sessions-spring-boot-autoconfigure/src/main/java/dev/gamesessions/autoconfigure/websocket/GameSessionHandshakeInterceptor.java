package dev.gamesessions.autoconfigure.websocket;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import dev.gamesessions.InvalidSessionException;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.IdentitySource;
import dev.gamesessions.autoconfigure.InvalidSessionAction;
import dev.gamesessions.autoconfigure.web.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Finds or creates the game session of a WebSocket handshake and puts it into the
 * connection's attributes. Identity is taken, in the configured order, from a resume token
 * (query parameter or header, single use), the signed session cookie, the HTTP session, and
 * the authenticated principal; failing those, the player gets a new anonymous session. A
 * handshake that names a bad session publishes {@code SessionInvalidEvent} and is refused
 * with 401 or continues with a new session, as configured.
 */
public class GameSessionHandshakeInterceptor implements HandshakeInterceptor {

	/**
	 * Connection attribute holding the {@link Session}.
	 */
	public static final String SESSION_ATTRIBUTE = GameSessionHandshakeInterceptor.class.getName() + ".SESSION";

	/**
	 * Connection attribute holding the principal's name to identify the session as.
	 */
	static final String PRINCIPAL_ATTRIBUTE = GameSessionHandshakeInterceptor.class.getName() + ".PRINCIPAL";

	/**
	 * Request attribute holding a session created by this handshake, destroyed if the
	 * handshake fails.
	 */
	static final String CREATED_ATTRIBUTE = GameSessionHandshakeInterceptor.class.getName() + ".CREATED";

	/**
	 * Response header saying why a handshake was refused.
	 */
	public static final String ERROR_HEADER = "X-Game-Session-Error";

	private final SessionManager manager;

	private final GameSessionsWebSocketProperties properties;

	private final @Nullable SessionCookies cookies;

	public GameSessionHandshakeInterceptor(SessionManager manager, GameSessionsWebSocketProperties properties,
			@Nullable SessionCookies cookies) {
		this.manager = manager;
		this.properties = properties;
		this.cookies = cookies;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		List<IdentitySource> sources = this.properties.getIdentity();
		Session session = null;
		boolean rejected = false;
		HttpServletRequest servletRequest = (request instanceof ServletServerHttpRequest servlet)
				? servlet.getServletRequest() : null;
		for (IdentitySource source : sources) {
			if (session != null) {
				break;
			}
			if (source == IdentitySource.RESUME_TOKEN) {
				String token = resumeToken(request);
				if (token != null) {
					try {
						session = this.manager.resume(token);
					}
					catch (InvalidSessionException ex) {
						rejected = true;
					}
				}
			}
			else if (this.cookies != null && servletRequest != null
					&& (source == IdentitySource.COOKIE || source == IdentitySource.HTTP_SESSION)) {
				SessionCookies.Resolution resolution = this.cookies.resolve(servletRequest,
						source == IdentitySource.COOKIE, source == IdentitySource.HTTP_SESSION);
				session = resolution.session();
				rejected |= resolution.rejected();
				if (session != null && session.state() == SessionState.DISCONNECTED) {
					session = this.manager.resume(session.resumeToken());
				}
			}
		}
		if (session == null && rejected && this.properties.getOnInvalid() == InvalidSessionAction.REJECT) {
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			response.getHeaders().set(ERROR_HEADER, "invalid-session");
			return false;
		}
		if (session == null) {
			session = this.manager.create();
			if (servletRequest != null) {
				servletRequest.setAttribute(CREATED_ATTRIBUTE, session);
			}
		}
		Principal principal = request.getPrincipal();
		if (principal != null && sources.contains(IdentitySource.PRINCIPAL)) {
			attributes.put(PRINCIPAL_ATTRIBUTE, principal.getName());
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

	private @Nullable String resumeToken(ServerHttpRequest request) {
		String header = request.getHeaders().getFirst(this.properties.getResumeHeader());
		if (header != null && !header.isEmpty()) {
			return header;
		}
		return UriComponentsBuilder.fromUri(request.getURI())
			.build()
			.getQueryParams()
			.getFirst(this.properties.getResumeParameter());
	}

}
