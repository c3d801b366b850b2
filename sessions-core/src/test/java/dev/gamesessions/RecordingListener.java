package dev.gamesessions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records every event it receives.
 */
final class RecordingListener implements SessionListener {

	final List<SessionEvent> events = Collections.synchronizedList(new ArrayList<>());

	@Override
	public void onEvent(SessionEvent event) {
		this.events.add(event);
	}

	List<Class<?>> typesFor(Session session) {
		synchronized (this.events) {
			return this.events.stream()
				.filter((event) -> event.session() == session)
				.<Class<?>>map(SessionEvent::getClass)
				.toList();
		}
	}

	<E extends SessionEvent> List<E> ofType(Class<E> type) {
		synchronized (this.events) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}
	}

}
