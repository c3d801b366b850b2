package dev.gamesessions;

/**
 * Receives {@link SessionEvent}s.
 * <h2>Threads and order</h2>
 * <ul>
 * <li><b>Which thread.</b> A listener runs on the thread whose call raised the event
 * ({@code session.start()} on a WebSocket thread runs the {@code Started} listeners there),
 * with one exception each: when another delivery of the same session's events is under
 * way, the new event is delivered after it by the thread running that delivery; and events
 * raised by the manager's own threads (a reconnect grace window or idle timeout ending,
 * another node's kick, the shutdown) are delivered on the manager's event executor
 * ({@code game-sessions-events-*} threads), and those of the interval persist and of
 * {@code identifyAsync} on its I/O threads ({@code game-sessions-io-*}), so that a slow
 * listener never holds up a timer, a persister or a transport thread.</li>
 * <li><b>In order, once, never nested.</b> One session's events reach every listener
 * (session-level first, then manager-level in registration order, then Spring
 * {@code @EventListener}s through the bridge) one at a time, in the order of the state
 * changes that raised them, each exactly once. An event raised while a listener of the
 * same session runs (for example a listener that destroys or identifies its session) is
 * delivered after that listener's event has reached every listener, so all listeners see
 * the same order. Events of different sessions may be delivered concurrently.</li>
 * <li><b>No lock held.</b> No engine lock is held while a listener runs: a listener may
 * call anything on any session (send to other players, destroy, identify, kick), and
 * another thread acting on the session meanwhile changes its state at once and returns
 * without waiting. A state-changing call made inside a listener of its own session returns
 * before its events are delivered: {@code destroy()} there leaves the session
 * {@link SessionState#DESTROYING} until the current delivery ends.</li>
 * <li><b>Failures.</b> An exception thrown by a listener is logged and does not affect the
 * session or the other listeners. A listener should not block for long: it holds up the
 * later events of its session (and, on the event executor, one of its threads).</li>
 * </ul>
 * Events of no session ({@code Invalid} for a rejected reference, {@code PersistFailed})
 * are delivered on the thread that raised them, or on the event executor for those raised
 * by the persister.
 */
@FunctionalInterface
public interface SessionListener {

	/**
	 * Handles one event.
	 * @param event the event
	 */
	void onEvent(SessionEvent event);

}
