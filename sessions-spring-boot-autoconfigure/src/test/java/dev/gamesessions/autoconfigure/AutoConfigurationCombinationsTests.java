package dev.gamesessions.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.actuate.GameSessionsEndpoint;
import dev.gamesessions.autoconfigure.actuate.GameSessionsHealthIndicator;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.webflux.GameSessionsWebFlux;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocket;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;
import dev.gamesessions.store.redis.RedisUserDataStore;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.web.context.ConfigurableWebApplicationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Every auto-configuration of the starter, in an application with or without Actuator,
 * without a web stack, with Spring MVC, with MVC and the game's WebSocket endpoint, with
 * WebFlux, or with WebFlux and the game's reactive endpoint, on each store: the context starts, the store is the one detected, and sessions work.
 */
class AutoConfigurationCombinationsTests {

	private static final AtomicInteger databases = new AtomicInteger();

	enum Web {

		NONE, MVC, MVC_AND_WEBSOCKET, WEBFLUX, WEBFLUX_AND_WEBSOCKET;

		boolean mvc() {
			return this == MVC || this == MVC_AND_WEBSOCKET;
		}

		boolean webFlux() {
			return this == WEBFLUX || this == WEBFLUX_AND_WEBSOCKET;
		}

	}

	enum Store {

		MEMORY(InMemoryUserDataStore.class), REDIS(RedisUserDataStore.class), JDBC(JdbcUserDataStore.class);

		final Class<? extends UserDataStore> userDataStoreType;

		Store(Class<? extends UserDataStore> userDataStoreType) {
			this.userDataStoreType = userDataStoreType;
		}

	}

	static Stream<Arguments> combinations() {
		List<Arguments> combinations = new ArrayList<>();
		for (boolean actuator : new boolean[] { false, true }) {
			for (Web web : Web.values()) {
				for (Store store : Store.values()) {
					combinations.add(Arguments.of(web, store, actuator));
				}
			}
		}
		return combinations.stream();
	}

	@ParameterizedTest(name = "web: {0}, store: {1}, actuator: {2}")
	@MethodSource("combinations")
	void startsAndWorks(Web web, Store store, boolean actuator) {
		if (web == Web.NONE) {
			configure(new ApplicationContextRunner(), web, store, actuator)
				.run((context) -> assertStartsAndWorks(context, web, store, actuator));
		}
		else if (web.webFlux()) {
			configure(new ReactiveWebApplicationContextRunner(), web, store, actuator)
				.run((context) -> assertStartsAndWorks(context, web, store, actuator));
		}
		else {
			configure(new WebApplicationContextRunner(), web, store, actuator)
				.run((context) -> assertStartsAndWorks(context, web, store, actuator));
		}
	}

	private static <R extends AbstractApplicationContextRunner<R, ?, ?>> R configure(R runner, Web web, Store store,
			boolean actuator) {
		List<Class<?>> configurations = new ArrayList<>(starterAutoConfigurations());
		List<String> properties = new ArrayList<>();
		switch (store) {
			case MEMORY -> {
			}
			case REDIS -> {
				configurations.add(DataRedisAutoConfiguration.class);
				properties.add("game.sessions.redis.embedded.enabled=true");
			}
			case JDBC -> {
				configurations.add(DataSourceAutoConfiguration.class);
				properties.add("spring.datasource.url=jdbc:h2:mem:combinations-" + databases.incrementAndGet());
			}
		}
		if (web.mvc()) {
			configurations.addAll(List.of(DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
					HttpMessageConvertersAutoConfiguration.class));
		}
		if (web.webFlux()) {
			configurations.add(WebFluxAutoConfiguration.class);
		}
		if (web == Web.WEBFLUX_AND_WEBSOCKET) {
			properties.add("game.sessions.websocket.path=/play");
		}
		if (web == Web.MVC_AND_WEBSOCKET) {
			properties.add("game.sessions.websocket.path=/play");
			// What the servlet container provides to Spring's WebSocket support.
			runner = runner.withInitializer((context) -> ((ConfigurableWebApplicationContext) context)
				.getServletContext()
				.setAttribute(ServerContainer.class.getName(), mock(ServerContainer.class)));
		}
		if (actuator) {
			configurations.addAll(List.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
					HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class));
			properties.add("management.endpoints.web.exposure.include=health,gamesessions");
		}
		return runner.withConfiguration(AutoConfigurations.of(configurations.toArray(Class<?>[]::new)))
			.withPropertyValues(properties.toArray(String[]::new))
			.withBean(IdentifiedEvents.class);
	}

	private static List<Class<?>> starterAutoConfigurations() {
		List<Class<?>> configurations = new ArrayList<>();
		ImportCandidates.load(AutoConfiguration.class, AutoConfigurationCombinationsTests.class.getClassLoader())
			.forEach((name) -> {
				if (name.startsWith("dev.gamesessions.")) {
					configurations.add(load(name));
				}
			});
		assertThat(configurations).isNotEmpty();
		return configurations;
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertStartsAndWorks(ApplicationContextAssertProvider<?> assertable, Web web, Store store,
			boolean actuator) {
		assertThat(assertable).hasNotFailed();
		ApplicationContext context = assertable.getSourceApplicationContext();
		SessionManager manager = context.getBean(SessionManager.class);
		assertThat(manager.userDataStore()).isInstanceOf(store.userDataStoreType);

		Session session = manager.create();
		session.start();
		session.identify("player-1");
		session.userData(Map.class).put("coins", 3);
		session.persistNow();
		assertThat(manager.userDataStore().load("player-1")).hasValueSatisfying(
				(stored) -> assertThat(stored.data()).isEqualTo("{\"coins\":3}"));
		assertThat(context.getBean(IdentifiedEvents.class).userIds).containsExactly("player-1");

		assertThat(assertable).getBeans(GameSessionsWebSocket.class).hasSize(web.mvc() ? 1 : 0);
		assertThat(assertable).getBeans(GameSessionsWebFlux.class).hasSize(web.webFlux() ? 1 : 0);
		assertThat(context.containsBean("gameSessionsWebFluxEndpoint")).isEqualTo(web == Web.WEBFLUX_AND_WEBSOCKET);
		assertThat(assertable).getBeans(WebSocketConfigurer.class)
			.hasSize((web == Web.MVC_AND_WEBSOCKET) ? 1 : 0);
		if (web == Web.MVC_AND_WEBSOCKET) {
			assertThat(context.getBean("webSocketHandlerMapping", HandlerMapping.class)).isNotNull();
		}

		assertThat(assertable).getBeans(GameSessionsEndpoint.class).hasSize(actuator ? 1 : 0);
		if (actuator) {
			assertThat(context.getBean(GameSessionsEndpoint.class).sessions().live()).isEqualTo(1);
			assertThat(context.getBean(GameSessionsHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP);
			if (web != Web.NONE) {
				assertThat(context.getBean(PathMappedEndpoints.class).getPath(EndpointId.of("gamesessions")))
					.isEqualTo("/actuator/gamesessions");
			}
		}
		session.destroy();
		manager.userDataStore().delete("player-1");
	}

	static class IdentifiedEvents implements ApplicationListener<SessionIdentifiedEvent> {

		final List<String> userIds = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(SessionIdentifiedEvent event) {
			this.userIds.add(event.getUserId());
		}

	}

}
