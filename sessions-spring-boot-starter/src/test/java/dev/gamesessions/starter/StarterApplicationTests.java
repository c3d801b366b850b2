package dev.gamesessions.starter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.event.GameSessionEvent;
import dev.gamesessions.autoconfigure.event.SessionCreatedEvent;
import dev.gamesessions.autoconfigure.event.SessionDestroyedEvent;
import dev.gamesessions.autoconfigure.event.SessionDestroyingEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionStartedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.event.EventListener;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh application with only the starter and a five-line application.yml.
 */
@SpringBootTest(classes = StarterApplicationTests.FreshApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class StarterApplicationTests {

	@Autowired
	private SessionManager manager;

	@Autowired
	private Listeners listeners;

	@Test
	void bootsLogsTheStoreAndListenersSeeTheLifecycle(CapturedOutput output) {
		Session session = this.manager.create();
		session.start();
		session.identify("fresh-player");
		session.destroy();
		assertThat(this.listeners.types()).containsSubsequence(SessionCreatedEvent.class, SessionStartedEvent.class,
				SessionIdentifiedEvent.class, SessionDestroyingEvent.class, SessionDestroyedEvent.class);
		assertThat(this.manager.config().persistInterval()).hasSeconds(30);
		assertThat(output).contains("Game sessions store user data in InMemoryUserDataStore");
	}

	@SpringBootApplication
	@Import(Listeners.class)
	static class FreshApplication {

	}

	static class Listeners {

		private final List<Class<?>> types = new CopyOnWriteArrayList<>();

		@EventListener
		void on(GameSessionEvent event) {
			this.types.add(event.getClass());
		}

		List<Class<?>> types() {
			return this.types;
		}

	}

}
