package dev.gamesessions.autoconfigure.event;

import java.util.Map;
import java.util.function.Function;

import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionListener;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes every core {@link SessionEvent} as the matching {@link GameSessionEvent}
 * through an {@link ApplicationEventPublisher}.
 */
public final class ApplicationEventBridge implements SessionListener {

	private static final Map<Class<? extends SessionEvent>, Function<SessionEvent, GameSessionEvent>> FACTORIES = Map
		.ofEntries(entry(SessionEvent.Created.class, SessionCreatedEvent::new),
				entry(SessionEvent.Started.class, SessionStartedEvent::new),
				entry(SessionEvent.Identified.class, SessionIdentifiedEvent::new),
				entry(SessionEvent.Disconnected.class, SessionDisconnectedEvent::new),
				entry(SessionEvent.Reconnected.class, SessionReconnectedEvent::new),
				entry(SessionEvent.Kicked.class, SessionKickedEvent::new),
				entry(SessionEvent.BeforeDestroy.class, SessionDestroyingEvent::new),
				entry(SessionEvent.Destroyed.class, SessionDestroyedEvent::new),
				entry(SessionEvent.PersistUserData.class, PersistUserDataEvent::new),
				entry(SessionEvent.PersistFailed.class, PersistFailedEvent::new),
				entry(SessionEvent.Invalid.class, SessionInvalidEvent::new));

	private final ApplicationEventPublisher publisher;

	public ApplicationEventBridge(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onEvent(SessionEvent event) {
		this.publisher.publishEvent(toApplicationEvent(event));
	}

	/**
	 * The application event for a core event.
	 * @param event the core event
	 * @return the matching application event
	 */
	public static GameSessionEvent toApplicationEvent(SessionEvent event) {
		Function<SessionEvent, GameSessionEvent> factory = FACTORIES.get(event.getClass());
		if (factory == null) {
			throw new IllegalStateException("No application event for " + event.getClass().getName());
		}
		return factory.apply(event);
	}

	private static <E extends SessionEvent> Map.Entry<Class<? extends SessionEvent>, Function<SessionEvent, GameSessionEvent>> entry(
			Class<E> type, Function<E, GameSessionEvent> factory) {
		return Map.entry(type, (event) -> factory.apply(type.cast(event)));
	}

	@Override
	public String toString() {
		return "ApplicationEventBridge";
	}

}
