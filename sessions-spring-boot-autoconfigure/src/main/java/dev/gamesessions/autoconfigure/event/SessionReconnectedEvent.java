package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;

/**
 * A session was resumed with its resume token.
 *
 * @see SessionEvent.Reconnected
 */
public class SessionReconnectedEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionReconnectedEvent(SessionEvent.Reconnected event) {
		super(event);
	}

	private SessionEvent.Reconnected event() {
		return (SessionEvent.Reconnected) getSessionEvent();
	}

	/**
	 * The session.
	 * @return the session
	 */
	public Session getSession() {
		return event().session();
	}

}
