package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.PersistReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;

/**
 * User data changed since it was last persisted and is being written. With game.sessions.store=none, this is where the application persists it itself.
 *
 * @see SessionEvent.PersistUserData
 */
public class PersistUserDataEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public PersistUserDataEvent(SessionEvent.PersistUserData event) {
		super(event);
	}

	private SessionEvent.PersistUserData event() {
		return (SessionEvent.PersistUserData) getSessionEvent();
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
	 * The user data.
	 * @return the user data
	 */
	public Object getUserData() {
		return event().userData();
	}

	/**
	 * Why it is persisted now.
	 * @return why it is persisted now
	 */
	public PersistReason getReason() {
		return event().reason();
	}

}
