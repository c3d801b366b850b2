package dev.gamesessions.autoconfigure.websocket;

import java.util.concurrent.TimeUnit;

import dev.gamesessions.DataCodecException;
import dev.gamesessions.IllegalSessionStateException;
import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.event.SessionMessageEvent;
import dev.gamesessions.store.StoreException;
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
 * <p>
 * What the handler throws is logged by whose fault it is: a {@link DataCodecException}
 * (the player's message could not be decoded) as one WARN line without a stack trace, at
 * most every ten seconds for the node, counting the others; an
 * {@link IllegalSessionStateException} (a message racing its session's end) at DEBUG; a
 * {@link StoreException} (the store is down, which the persister and health report too)
 * as one WARN line at most every ten seconds; anything else at ERROR with its stack trace.
 * The connection stays open.
 */
class GameEndpointHandler extends TextWebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(GameEndpointHandler.class);

	private static final RateLimitedWarnings mistakes = new RateLimitedWarnings(logger, 10, TimeUnit.SECONDS);

	private static final RateLimitedWarnings storeTrouble = new RateLimitedWarnings(logger, 10, TimeUnit.SECONDS);

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
		catch (DataCodecException ex) {
			// The player sent something the game cannot read: their mistake, not a fault here.
			mistakes.report("Unreadable message from session " + session.maskedId() + " ("
					+ text.length() + " characters): " + ex.getMessage());
		}
		catch (StoreException ex) {
			// The store is down: a real fault, but one the persister and health already report;
			// named here once per interval, not once per message.
			storeTrouble.report("A message of session " + session.maskedId()
					+ " needed the store, which does not answer: " + ex.getMessage());
		}
		catch (IllegalSessionStateException ex) {
			// A message racing its session's end or a change of state: expected under load.
			logger.debug("Message of session {} does not fit its state: {}", session.maskedId(), ex.getMessage());
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
