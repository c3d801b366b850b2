package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.DestroyReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;

/**
 * A session is about to be destroyed; its attributes and user data are still there (Cagey's beforeDestroy).
 *
 * @see SessionEvent.BeforeDestroy
 */
public class SessionDestroyingEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionDestroyingEvent(SessionEvent.BeforeDestroy event) {
		super(event);
	}

	private SessionEvent.BeforeDestroy event() {
		return (SessionEvent.BeforeDestroy) getSessionEvent();
	}

	/**
	 * The session.
	 * @return the session
	 */
	public Session getSession() {
		return event().session();
	}

	/**
	 * Why it is destroyed.
	 * @return why it is destroyed
	 */
	public DestroyReason getReason() {
		return event().reason();
	}

}
