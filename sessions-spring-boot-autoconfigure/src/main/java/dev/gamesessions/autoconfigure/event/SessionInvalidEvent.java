package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.InvalidReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import org.jspecify.annotations.Nullable;

/**
 * A session or stored data was named that is unknown, expired, malformed or unreadable.
 *
 * @see SessionEvent.Invalid
 */
public class SessionInvalidEvent extends GameSessionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	public SessionInvalidEvent(SessionEvent.Invalid event) {
		super(event);
	}

	private SessionEvent.Invalid event() {
		return (SessionEvent.Invalid) getSessionEvent();
	}

	/**
	 * The live session concerned, for unreadable session data.
	 * @return the session, or {@code null}
	 */
	public @Nullable Session getSession() {
		return event().session();
	}

	/**
	 * A masked form of the reference, never a whole token or id.
	 * @return a masked form of the reference, never a whole token or id
	 */
	public String getReference() {
		return event().reference();
	}

	/**
	 * Why it was rejected.
	 * @return why it was rejected
	 */
	public InvalidReason getReason() {
		return event().reason();
	}

	/**
	 * Readable detail.
	 * @return readable detail
	 */
	public String getDetail() {
		return event().detail();
	}

}
