package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;

/**
 * A session was identified as a user; user data is loaded.
 *
 * @see SessionEvent.Identified
 */
public class SessionIdentifiedEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionIdentifiedEvent(SessionEvent.Identified event) {
		super(event);
	}

	private SessionEvent.Identified event() {
		return (SessionEvent.Identified) getSessionEvent();
	}

	/**
	 * The session.
	 * @return the session
	 */
	public Session getSession() {
		return event().session();
	}

	/**
	 * The user id.
	 * @return the user id
	 */
	public String getUserId() {
		return event().userId();
	}

	/**
	 * The user's data.
	 * @return the user's data
	 */
	public Object getUserData() {
		return event().userData();
	}

	/**
	 * Whether the user had no stored data.
	 * @return whether the user had no stored data
	 */
	public boolean isFirstTime() {
		return event().firstTime();
	}

}
