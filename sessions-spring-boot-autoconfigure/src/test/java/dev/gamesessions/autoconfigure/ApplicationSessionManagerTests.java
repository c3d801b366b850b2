package dev.gamesessions.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.Session;
import dev.gamesessions.SessionListener;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.event.GameSessionEvent;
import dev.gamesessions.autoconfigure.event.SessionCreatedEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionStartedEvent;
import dev.gamesessions.autoconfigure.metrics.GameSessionsMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link SessionManager} bean of the application's own: the starter steps aside, and
 * what it wires around the manager still reaches it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApplicationSessionManagerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GameSessionsAutoConfiguration.class,
				GameSessionsMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withUserConfiguration(Listeners.class);

	@Test
	void managerBuiltFromTheBuilderBeanKeepsEverything(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(ManagerFromBuilder.class)
			.withPropertyValues("game.sessions.duration=2h")
			.run((context) -> {
				SessionManager manager = context.getBean(SessionManager.class);
				assertThat(manager).isSameAs(context.getBean("sessionManager"));
				assertThat(manager.config().duration()).isEqualTo(Duration.ofHours(2));
				playOneSession(manager);
				assertThat(manager.findByUserId("p1")).hasValueSatisfying(
						(session) -> assertThat(session.createdAt()).isEqualTo(GAME_START));
				MeterRegistry registry = eventsListenersAndMetricsReachedOneSession(context);
				assertThat(registry.get("game.sessions.persist.batch").tag("outcome", "success").timer().count())
					.isEqualTo(1);
			});
		assertThat(output).contains("use the application's SessionManager bean 'sessionManager'")
			.doesNotContain("was not built from the auto-configured SessionManager.Builder")
			.doesNotContain("keep user data in memory");
	}

	@Test
	void handBuiltManagerGetsEventsListenersAndMetricsAndTheLogSaysWhatItLacks(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(HandBuiltManager.class).run((context) -> {
			SessionManager manager = context.getBean(SessionManager.class);
			playOneSession(manager);
			MeterRegistry registry = eventsListenersAndMetricsReachedOneSession(context);
			// Persistence observers (the persist metrics) attach to a hand-built manager too.
			assertThat(registry.get("game.sessions.persist.batch.size").summary().count()).isPositive();
			context.close();
			assertThat(manager.isClosed()).isTrue();
		});
		assertThat(output).contains("the SessionManager bean 'myManager' was not built from the auto-configured "
				+ "SessionManager.Builder")
			.doesNotContain("the PersistenceObserver beans")
			.contains("Take a SessionManager.Builder parameter")
			.doesNotContain("keep user data in memory");
	}

	@Test
	void autoConfiguredManagerGetsEachListenerOnce() {
		this.contextRunner.run((context) -> {
			playOneSession(context.getBean(SessionManager.class));
			Listeners listeners = context.getBean(Listeners.class);
			assertThat(listeners.applicationEvents).startsWith(SessionCreatedEvent.class,
					SessionStartedEvent.class, SessionIdentifiedEvent.class).doesNotHaveDuplicates();
			assertThat(listeners.sessionListenerEvents).startsWith("Created", "Started", "Identified")
				.doesNotHaveDuplicates();
		});
	}

	/** After {@link #playOneSession}: events, listeners and metrics saw it, each once. */
	private static MeterRegistry eventsListenersAndMetricsReachedOneSession(ApplicationContext context) {
		Listeners listeners = context.getBean(Listeners.class);
		assertThat(listeners.applicationEvents).startsWith(SessionCreatedEvent.class, SessionStartedEvent.class,
				SessionIdentifiedEvent.class).doesNotHaveDuplicates();
		assertThat(listeners.sessionListenerEvents).startsWith("Created", "Started", "Identified")
			.doesNotHaveDuplicates();
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		assertThat(registry.get("game.sessions.created").counter().count()).isEqualTo(1);
		return registry;
	}

	private static void playOneSession(SessionManager manager) {
		Session session = manager.create();
		session.start();
		session.identify("p1");
		session.userData(Map.class).put("coins", 1);
		session.persistNow();
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners implements ApplicationListener<GameSessionEvent> {

		final List<Class<?>> applicationEvents = new CopyOnWriteArrayList<>();

		final List<String> sessionListenerEvents = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(GameSessionEvent event) {
			this.applicationEvents.add(event.getClass());
		}

		// A listener may use the manager it listens to.
		@Bean
		SessionListener recordingListener(SessionManager manager) {
			return (event) -> this.sessionListenerEvents.add(event.getClass().getSimpleName());
		}

	}

	@Test
	void customizerOfTheReadmeSetsTheClock() {
		this.contextRunner.withUserConfiguration(ClockCustomizer.class).run((context) -> {
			Session session = context.getBean(SessionManager.class).create();
			assertThat(session.createdAt()).isEqualTo(GAME_START);
		});
	}

	static final Instant GAME_START = Instant.parse("2026-01-01T00:00:00Z");

	@Configuration(proxyBeanMethods = false)
	static class GameClock {

		@Bean
		Clock clock() {
			return Clock.fixed(GAME_START, ZoneOffset.UTC);
		}

	}

	// The README's example.
	@Configuration(proxyBeanMethods = false)
	@Import(GameClock.class)
	static class ClockCustomizer {

		@Bean
		SessionManagerCustomizer gameClock(Clock clock) {
			return (builder) -> builder.clock(clock);      // also: listener, userDataFactory, persistenceObserver
		}

	}

	// The README's example.
	@Configuration(proxyBeanMethods = false)
	@Import(GameClock.class)
	static class ManagerFromBuilder {

		@Bean
		SessionManager sessionManager(SessionManager.Builder builder, Clock clock) {
			return builder.clock(clock).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandBuiltManager {

		@Bean
		SessionManager myManager() {
			return SessionManager.builder().build();
		}

	}

}
