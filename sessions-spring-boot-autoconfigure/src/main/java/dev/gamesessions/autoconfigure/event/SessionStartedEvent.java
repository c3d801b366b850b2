package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;

/**
 * A session was started: the player is connected.
 *
 * @see SessionEvent.Started
 */
public class SessionStartedEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionStartedEvent(SessionEvent.Started event) {
		super(event);
	}

	private SessionEvent.Started event() {
		return (SessionEvent.Started) getSessionEvent();
	}

	/**
	 * The session.
	 * @return the session
	 */
	public Session getSession() {
		return event().session();
	}

}
