package dev.gamesessions.autoconfigure.stomp;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.websocket.GameSessionHandshakeInterceptor;

import org.springframework.messaging.MessageHandler;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.sockjs.transport.SockJsSession;

/**
 * Decorates Spring's STOMP WebSocket handler (through
 * {@code WebSocketTransportRegistration.addDecoratorFactory}): each connection gets a
 * {@link StompConnection}, and when it closes, its game session is disconnected (unless
 * another connection has taken the session over) and waits out the reconnect grace window.
 * The session itself is attached at {@code CONNECT} by {@link StompSessionChannelInterceptor}.
 */
final class StompGameSessionHandler extends WebSocketHandlerDecorator {

	private final MessageHandler toClients;

	StompGameSessionHandler(WebSocketHandler delegate) {
		super(delegate);
		if (!(getLastHandler() instanceof MessageHandler stompHandler)) {
			throw new IllegalStateException("Game sessions decorate Spring's STOMP handler (a "
					+ "SubProtocolWebSocketHandler), not " + getLastHandler());
		}
		this.toClients = stompHandler;
	}

	/**
	 * Whether game sessions attach to connections of a handler: it is, or wraps, one of
	 * these.
	 * @param handler the handler of an endpoint
	 * @return whether it was decorated with game sessions
	 */
	static boolean isDecorated(WebSocketHandler handler) {
		WebSocketHandler current = handler;
		while (current instanceof WebSocketHandlerDecorator decorator) {
			if (decorator instanceof StompGameSessionHandler) {
				return true;
			}
			current = decorator.getDelegate();
		}
		return false;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession socket) throws Exception {
		StompConnection connection = new StompConnection(socket, this.toClients);
		socket.getAttributes().put(StompConnection.ATTRIBUTE, connection);
		// A SockJS session is passed as it is: Spring's STOMP handler treats it differently
		// (no binary frames); it then closes with STOMP's own codes.
		super.afterConnectionEstablished((socket instanceof SockJsSession) ? socket : connection);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession socket, CloseStatus closeStatus) throws Exception {
		StompConnection connection = StompConnection.of(socket.getAttributes());
		if (connection != null) {
			connection.drop();
		}
		Object attached = socket.getAttributes().get(GameSessionHandshakeInterceptor.SESSION_ATTRIBUTE);
		if (attached instanceof Session session && !session.state().isEnded()) {
			StompClientMessenger messenger = (connection != null) ? connection.messenger() : null;
			Object client = session.get(Session.CLIENT_ATTRIBUTE);
			if (messenger != null && client == messenger) {
				session.remove(Session.CLIENT_ATTRIBUTE);
				// The events and the store work of the disconnect never hold this thread.
				session.disconnectAsync();
			}
			else if (messenger == null && client == null) {
				// Resumed at the handshake, closed before CONNECT: back to its grace window.
				session.disconnectAsync();
			}
		}
		super.afterConnectionClosed(socket, closeStatus);
	}

}
