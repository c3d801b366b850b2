package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.Session;

import org.springframework.context.ApplicationEvent;

/**
 * A player sent a text message over the auto-registered WebSocket endpoint, and the
 * application declared no {@code GameMessageHandler}. Listeners run on the connection's
 * thread, one message at a time per connection; reply through
 * {@link Session#client()}.
 */
public class SessionMessageEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String message;

	public SessionMessageEvent(Session session, String message) {
		super(session);
		this.message = message;
	}

	/**
	 * The session of the player who sent the message.
	 * @return the session
	 */
	public Session getSession() {
		return (Session) getSource();
	}

	/**
	 * The text the player sent.
	 * @return the message
	 */
	public String getMessage() {
		return this.message;
	}

}
