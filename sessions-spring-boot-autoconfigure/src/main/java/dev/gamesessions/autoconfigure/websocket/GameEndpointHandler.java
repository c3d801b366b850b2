package dev.gamesessions.autoconfigure.websocket;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.event.SessionMessageEvent;
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
 * application's {@link GameMessageHandler}, or publishes it as a
 * {@link SessionMessageEvent} when there is none. Binary messages are refused.
 */
class GameEndpointHandler extends TextWebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(GameEndpointHandler.class);

	private final @Nullable GameMessageHandler messageHandler;

	private final ApplicationEventPublisher publisher;

	GameEndpointHandler(@Nullable GameMessageHandler messageHandler, ApplicationEventPublisher publisher) {
		this.messageHandler = messageHandler;
		this.publisher = publisher;
	}

	@Override
	protected void handleTextMessage(WebSocketSession connection, TextMessage message) {
		Session session = GameSessionWebSocketHandler.sessionOf(connection);
		String text = message.getPayload();
		try {
			if (this.messageHandler != null) {
				this.messageHandler.handleMessage(session, text);
			}
			else {
				this.publisher.publishEvent(new SessionMessageEvent(session, text));
			}
		}
		catch (Exception ex) {
			logger.error("Game message handler failed for session {}", session.maskedId(), ex);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession connection, Throwable exception) throws Exception {
		logger.debug("Transport error on connection {}: {}", connection.getId(), exception.toString());
		if (connection.isOpen()) {
			connection.close(CloseStatus.SERVER_ERROR);
		}
	}

}
