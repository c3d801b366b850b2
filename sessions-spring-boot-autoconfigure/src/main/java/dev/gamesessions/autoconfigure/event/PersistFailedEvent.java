package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.SessionEvent;

/**
 * A write of user data failed.
 *
 * @see SessionEvent.PersistFailed
 */
public class PersistFailedEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public PersistFailedEvent(SessionEvent.PersistFailed event) {
		super(event);
	}

	private SessionEvent.PersistFailed event() {
		return (SessionEvent.PersistFailed) getSessionEvent();
	}

	/**
	 * The user id.
	 * @return the user id
	 */
	public String getUserId() {
		return event().userId();
	}

	/**
	 * The store's exception or a VersionConflictException.
	 * @return the store's exception or a VersionConflictException
	 */
	public Throwable getCause() {
		return event().cause();
	}

	/**
	 * Whether the write stays queued and is retried.
	 * @return whether the write stays queued and is retried
	 */
	public boolean isWillRetry() {
		return event().willRetry();
	}

}
