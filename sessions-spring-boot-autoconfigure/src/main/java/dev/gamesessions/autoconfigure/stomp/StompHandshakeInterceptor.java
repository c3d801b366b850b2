package dev.gamesessions.autoconfigure.stomp;

import java.util.Map;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.InvalidSessionAction;
import dev.gamesessions.autoconfigure.identity.SessionIdentity;
import dev.gamesessions.autoconfigure.identity.SessionIdentityResolver;
import dev.gamesessions.autoconfigure.websocket.GameSessionHandshakeInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Finds the game session the handshake of a STOMP endpoint names (resume token in the query
 * or a header, signed session cookie, HTTP session; in the order of
 * {@code websocket.identity}) and puts it into the connection's attributes; a named
 * session that is refused publishes {@code SessionInvalidEvent} and, with
 * {@code websocket.on-invalid=reject}, refuses the handshake with 401. Unlike the plain
 * endpoint's interceptor it creates no session: that waits for {@code CONNECT}, whose
 * headers may carry a resume token.
 */
final class StompHandshakeInterceptor implements HandshakeInterceptor {

	/** Request attribute holding the session this handshake found. */
	private static final String RESOLVED_ATTRIBUTE = StompHandshakeInterceptor.class.getName() + ".RESOLVED";

	private final SessionIdentityResolver identity;

	private final InvalidSessionAction onInvalid;

	StompHandshakeInterceptor(SessionIdentityResolver identity, InvalidSessionAction onInvalid) {
		this.identity = identity;
		this.onInvalid = onInvalid;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (!(request instanceof ServletServerHttpRequest servlet)) {
			return true;
		}
		SessionIdentity named = this.identity.resolve(servlet.getServletRequest());
		Session session = named.session();
		if (session != null && session.reconnect()) {
			attributes.put(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE, session);
			servlet.getServletRequest().setAttribute(RESOLVED_ATTRIBUTE, session);
			return true;
		}
		if (session == null && named.rejected() && this.onInvalid == InvalidSessionAction.REJECT) {
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			response.getHeaders().set(GameSessionHandshakeInterceptor.ERROR_HEADER, "invalid-session");
			return false;
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		if (exception != null && request instanceof ServletServerHttpRequest servlet
				&& servlet.getServletRequest().getAttribute(RESOLVED_ATTRIBUTE) instanceof Session resolved
				&& resolved.client() == null) {
			// Reconnected for a connection that never opened: back to its grace window.
			resolved.disconnectAsync();
		}
	}

}
