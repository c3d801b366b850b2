package dev.gamesessions.autoconfigure.websocket;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The handler of the auto-registered endpoint: hands each text message to the
 * {@link GameMessageDispatcher} (the application's {@link GameMessageHandler}, or a
 * {@link dev.gamesessions.autoconfigure.event.SessionMessageEvent} when there is none).
 * Binary messages are refused. The connection stays open whatever the handler throws.
 */
class GameEndpointHandler extends TextWebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(GameEndpointHandler.class);

	private final GameMessageDispatcher dispatcher;

	GameEndpointHandler(@Nullable GameMessageHandler messageHandler, ApplicationEventPublisher publisher) {
		this.dispatcher = new GameMessageDispatcher(messageHandler, publisher);
	}

	@Override
	protected void handleTextMessage(WebSocketSession connection, TextMessage message) {
		this.dispatcher.dispatch(GameSessionWebSocketHandler.sessionOf(connection), message.getPayload());
	}

	@Override
	public void handleTransportError(WebSocketSession connection, Throwable exception) throws Exception {
		logger.debug("Transport error on connection {}: {}", connection.getId(), exception.toString());
		if (connection.isOpen()) {
			connection.close(CloseStatus.SERVER_ERROR);
		}
	}

}
