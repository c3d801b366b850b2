package dev.gamesessions;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an event to the session's own listeners, then to the manager's, isolating each
 * listener's failures. Events of a session reach here through that session's
 * {@link SessionMailbox}, one at a time; events of no session (a rejected reference, a
 * failed write) are delivered on the thread that raised them.
 */
final class EventDispatcher {

	private static final Logger logger = LoggerFactory.getLogger(EventDispatcher.class);

	private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

	Subscription add(SessionListener listener) {
		Objects.requireNonNull(listener, "listener");
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	void deliver(SessionEvent event) {
		Session session = event.session();
		if (session != null) {
			deliver(session.listeners(), event);
		}
		deliver(this.listeners, event);
	}

	private static void deliver(List<SessionListener> listeners, SessionEvent event) {
		for (SessionListener listener : listeners) {
			try {
				listener.onEvent(event);
			}
			catch (RuntimeException ex) {
				logger.error("Session listener {} failed on {}", listener, event.getClass().getSimpleName(), ex);
			}
		}
	}

	static <E extends SessionEvent> SessionListener typed(Class<E> type, Consumer<? super E> listener) {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(listener, "listener");
		return new SessionListener() {

			@Override
			public void onEvent(SessionEvent event) {
				if (type.isInstance(event)) {
					listener.accept(type.cast(event));
				}
			}

			@Override
			public String toString() {
				return type.getSimpleName() + " listener " + listener;
			}

		};
	}

}
