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

/**
 * Hands a player's text message to the application's {@link GameMessageHandler}, or
 * publishes it as a {@link SessionMessageEvent} when there is none, on any transport (the
 * servlet WebSocket endpoint, the WebFlux one).
 * <p>
 * What the handler throws is logged by whose fault it is: a {@link DataCodecException}
 * (the player's message could not be decoded) as one WARN line without a stack trace, at
 * most every ten seconds for the node, counting the others; an
 * {@link IllegalSessionStateException} (a message racing its session's end) at DEBUG; a
 * {@link StoreException} (the store is down, which the persister and health report too)
 * as one WARN line at most every ten seconds; anything else at ERROR with its stack trace.
 * Nothing is thrown: the connection stays open.
 */
public final class GameMessageDispatcher {

	private static final Logger logger = LoggerFactory.getLogger(GameMessageDispatcher.class);

	private static final RateLimitedWarnings mistakes = new RateLimitedWarnings(logger, 10, TimeUnit.SECONDS);

	private static final RateLimitedWarnings storeTrouble = new RateLimitedWarnings(logger, 10, TimeUnit.SECONDS);

	private final @Nullable GameMessageHandler messageHandler;

	private final ApplicationEventPublisher publisher;

	/**
	 * Creates a dispatcher.
	 * @param messageHandler the application's handler, or {@code null} to publish events
	 * @param publisher the publisher of {@link SessionMessageEvent}s
	 */
	public GameMessageDispatcher(@Nullable GameMessageHandler messageHandler, ApplicationEventPublisher publisher) {
		this.messageHandler = messageHandler;
		this.publisher = publisher;
	}

	/**
	 * Hands one message over, on the calling thread.
	 * @param session the player's session
	 * @param text the message
	 */
	public void dispatch(Session session, String text) {
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

}
