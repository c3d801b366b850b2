package dev.gamesessions.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.DestroyReason;
import dev.gamesessions.PersistReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.event.GameSessionEvent;
import dev.gamesessions.autoconfigure.event.PersistUserDataEvent;
import dev.gamesessions.autoconfigure.event.SessionCreatedEvent;
import dev.gamesessions.autoconfigure.event.SessionDestroyedEvent;
import dev.gamesessions.autoconfigure.event.SessionDestroyingEvent;
import dev.gamesessions.autoconfigure.event.SessionDisconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionInvalidEvent;
import dev.gamesessions.autoconfigure.event.SessionKickedEvent;
import dev.gamesessions.autoconfigure.event.SessionReconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionStartedEvent;
import dev.gamesessions.InvalidSessionException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = ApplicationEventsIntegrationTests.GameApplication.class,
		properties = { "game.sessions.store=memory", "game.sessions.reconnect.grace=5s" })
class ApplicationEventsIntegrationTests {

	@Autowired
	private SessionManager manager;

	@Autowired
	private GameEvents events;

	@Test
	void eventListenersSeeTheWholeLifecycleInOrder() {
		Session session = this.manager.create();
		session.start();
		session.setUser("alice", new java.util.HashMap<>(Map.of("coins", 1)));
		session.persistNow();
		String token = session.resumeToken();
		session.disconnect();
		this.manager.resume(token);
		session.destroy();
		assertThat(this.events.typesFor(session)).containsExactly(SessionCreatedEvent.class,
				SessionStartedEvent.class, SessionIdentifiedEvent.class, PersistUserDataEvent.class,
				SessionDisconnectedEvent.class, SessionReconnectedEvent.class, SessionDestroyingEvent.class,
				SessionDestroyedEvent.class);
		SessionIdentifiedEvent identified = this.events.first(SessionIdentifiedEvent.class, session);
		assertThat(identified.getUserId()).isEqualTo("alice");
		assertThat(identified.getUserData()).isEqualTo(Map.of("coins", 1));
		assertThat(identified.getSession()).isSameAs(session);
		assertThat(identified.getSource()).isSameAs(session);
		assertThat(this.events.first(PersistUserDataEvent.class, session).getReason())
			.isEqualTo(PersistReason.EXPLICIT);
		assertThat(this.events.first(SessionDestroyedEvent.class, session).getReason())
			.isEqualTo(DestroyReason.REQUESTED);
	}

	@Test
	void kickedAndInvalidArePublished() {
		Session first = this.manager.create();
		first.start();
		first.identify("bob");
		Session second = this.manager.create();
		second.start();
		second.identify("bob");
		assertThat(this.events.first(SessionKickedEvent.class, first).getReason()).isNotBlank();
		assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume("nope-nope"));
		assertThat(this.events.all()).anyMatch((event) -> event instanceof SessionInvalidEvent invalid
				&& invalid.getReference().equals("nope…"));
	}

	@Test
	void eventListenersThatActOnTheSessionLetLaterListenersSeeTheLifecycleInOrder() {
		Session doomed = this.manager.create("doomed");
		doomed.start();
		assertThat(this.events.typesFor(doomed)).containsExactly(SessionCreatedEvent.class, SessionStartedEvent.class,
				SessionDestroyingEvent.class, SessionDestroyedEvent.class);
		Session guest = this.manager.create("guest");
		guest.start();
		assertThat(this.events.typesFor(guest)).containsExactly(SessionCreatedEvent.class, SessionStartedEvent.class,
				SessionIdentifiedEvent.class);
		assertThat(guest.userId()).startsWith("guest-");
		guest.destroy();
	}

	@Test
	void asyncListenersRunOnAnotherThread() {
		Session session = this.manager.create();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.asyncCreated().contains(session.id()));
		assertThat(this.events.asyncThreads()).noneMatch((name) -> name.equals(Thread.currentThread().getName()));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(GameEvents.class)
	@EnableAsync
	static class GameApplication {

	}

	@Component
	static class GameEvents {

		private final List<GameSessionEvent> all = new CopyOnWriteArrayList<>();

		private final List<String> asyncCreated = new CopyOnWriteArrayList<>();

		private final List<String> asyncThreads = new CopyOnWriteArrayList<>();

		@EventListener
		void on(GameSessionEvent event) {
			this.all.add(event);
		}

		/** Runs before the recorder and acts on the session it is told about. */
		@EventListener
		@Order(0)
		void referee(SessionStartedEvent event) {
			Session session = event.getSession();
			if ("doomed".equals(session.key())) {
				session.destroy();
			}
			else if ("guest".equals(session.key())) {
				session.identify("guest-" + session.id());
			}
		}

		@Async
		@EventListener
		void onCreatedAsync(SessionCreatedEvent event) {
			this.asyncThreads.add(Thread.currentThread().getName());
			this.asyncCreated.add(event.getSession().id());
		}

		List<GameSessionEvent> all() {
			return this.all;
		}

		List<String> asyncCreated() {
			return this.asyncCreated;
		}

		List<String> asyncThreads() {
			return this.asyncThreads;
		}

		List<Class<?>> typesFor(Session session) {
			return this.all.stream().filter((event) -> event.getSource() == session).<Class<?>>map(Object::getClass).toList();
		}

		<E extends GameSessionEvent> E first(Class<E> type, Session session) {
			return this.all.stream()
				.filter(type::isInstance)
				.filter((event) -> event.getSource() == session)
				.map(type::cast)
				.findFirst()
				.orElseThrow();
		}

	}

}
