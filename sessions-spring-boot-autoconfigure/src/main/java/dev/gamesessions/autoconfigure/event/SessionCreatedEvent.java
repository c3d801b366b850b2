package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;

/**
 * A session was created.
 *
 * @see SessionEvent.Created
 */
public class SessionCreatedEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionCreatedEvent(SessionEvent.Created event) {
		super(event);
	}

	private SessionEvent.Created event() {
		return (SessionEvent.Created) getSessionEvent();
	}

	/**
	 * The session.
	 * @return the session
	 */
	public Session getSession() {
		return event().session();
	}

}
