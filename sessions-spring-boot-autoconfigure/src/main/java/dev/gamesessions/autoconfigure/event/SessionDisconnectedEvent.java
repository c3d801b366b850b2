package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;

/**
 * A session lost its connection and waits out the reconnect grace window.
 *
 * @see SessionEvent.Disconnected
 */
public class SessionDisconnectedEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionDisconnectedEvent(SessionEvent.Disconnected event) {
		super(event);
	}

	private SessionEvent.Disconnected event() {
		return (SessionEvent.Disconnected) getSessionEvent();
	}

	/**
	 * The session.
	 * @return the session
	 */
	public Session getSession() {
		return event().session();
	}

}
