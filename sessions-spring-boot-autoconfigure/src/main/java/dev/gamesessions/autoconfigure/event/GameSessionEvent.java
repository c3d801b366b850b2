package dev.gamesessions.autoconfigure.event;

import java.io.Serial;

import dev.gamesessions.SessionEvent;

import org.springframework.context.ApplicationEvent;

/**
 * Base of the application events published for game sessions. Each wraps one immutable
 * {@link SessionEvent} of the core; its source is the session, or the core event when it
 * has no session.
 * <p>
 * Synchronous {@code @EventListener} methods run on the thread that caused the event, and
 * receive one session's lifecycle events in order. {@code @Async} listeners run later on
 * the task executor; they see the same immutable event, but the session may have moved on.
 */
public abstract class GameSessionEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient SessionEvent event;

	protected GameSessionEvent(SessionEvent event) {
		super(sourceOf(event));
		this.event = event;
	}

	private static Object sourceOf(SessionEvent event) {
		Object session = event.session();
		return (session != null) ? session : event;
	}

	/**
	 * The core event this application event wraps.
	 * @return the core event
	 */
	public SessionEvent getSessionEvent() {
		return this.event;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.event + "]";
	}

}
