package dev.gamesessions.autoconfigure.websocket;

import java.util.HashMap;
import java.util.Map;

import dev.gamesessions.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A mocked open WebSocket connection whose handshake resolved a game session, for the
 * handler tests.
 */
final class MockConnections {

	private MockConnections() {
	}

	static WebSocketSession of(Session session, @Nullable String principal) {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE, session);
		WebSocketSession connection = mock(WebSocketSession.class);
		given(connection.getAttributes()).willReturn(attributes);
		given(connection.getId()).willReturn("connection-1");
		given(connection.isOpen()).willReturn(true);
		if (principal != null) {
			given(connection.getPrincipal()).willReturn(() -> principal);
		}
		return connection;
	}

}
