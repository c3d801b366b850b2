package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.DestroyReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;

/**
 * A session was destroyed.
 *
 * @see SessionEvent.Destroyed
 */
public class SessionDestroyedEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionDestroyedEvent(SessionEvent.Destroyed event) {
		super(event);
	}

	private SessionEvent.Destroyed event() {
		return (SessionEvent.Destroyed) getSessionEvent();
	}

	/**
	 * The session.
	 * @return the session
	 */
	public Session getSession() {
		return event().session();
	}

	/**
	 * Why it was destroyed.
	 * @return why it was destroyed
	 */
	public DestroyReason getReason() {
		return event().reason();
	}

}
