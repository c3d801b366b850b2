package dev.gamesessions;

/**
 * Receives {@link SessionEvent}s.
 * <p>
 * Listeners run on the thread that caused the event. Lifecycle events of one session are
 * delivered while that session's lock is held, so they arrive in lifecycle order even
 * when several threads act on the session; a listener may act on the same session again
 * (the lock is reentrant) but should not block for long. An exception thrown by a listener
 * is logged and does not affect the session or the other listeners.
 */
@FunctionalInterface
public interface SessionListener {

	/**
	 * Handles one event.
	 * @param event the event
	 */
	void onEvent(SessionEvent event);

}
