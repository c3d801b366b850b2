package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;

/**
 * A session was kicked because its user identified elsewhere; it is destroyed next.
 *
 * @see SessionEvent.Kicked
 */
public class SessionKickedEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionKickedEvent(SessionEvent.Kicked event) {
		super(event);
	}

	private SessionEvent.Kicked event() {
		return (SessionEvent.Kicked) getSessionEvent();
	}

	/**
	 * The session.
	 * @return the session
	 */
	public Session getSession() {
		return event().session();
	}

	/**
	 * Readable reason, safe to show to the player.
	 * @return readable reason, safe to show to the player
	 */
	public String getReason() {
		return event().reason();
	}

}
