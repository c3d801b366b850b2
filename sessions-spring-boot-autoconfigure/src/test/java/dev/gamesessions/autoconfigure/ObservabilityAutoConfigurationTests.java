package dev.gamesessions.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.actuate.GameSessionsActuatorAutoConfiguration;
import dev.gamesessions.autoconfigure.actuate.GameSessionsEndpoint;
import dev.gamesessions.autoconfigure.actuate.GameSessionsHealthIndicator;
import dev.gamesessions.autoconfigure.metrics.GameSessionsMetrics;
import dev.gamesessions.autoconfigure.metrics.GameSessionsMetricsAutoConfiguration;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GameSessionsAutoConfiguration.class,
				GameSessionsMetricsAutoConfiguration.class, GameSessionsActuatorAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=gamesessions");

	@Test
	void metricsCountTheLifecycleAndPersistence() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(GameSessionsMetrics.class);
			SessionManager manager = context.getBean(SessionManager.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Session session = manager.create();
			session.start();
			session.identify("m1");
			assertThat(registry.get("game.sessions.live").tag("state", "identified").gauge().value()).isEqualTo(1);
			session.userData(Map.class).put("x", 1);
			session.persistNow();
			session.destroy();
			assertThat(registry.get("game.sessions.created").counter().count()).isEqualTo(1);
			assertThat(registry.get("game.sessions.destroyed").tag("reason", "requested").counter().count())
				.isEqualTo(1);
			assertThat(registry.get("game.sessions.persist.writes").tag("result", "saved").counter().count())
				.isEqualTo(1);
			assertThat(registry.get("game.sessions.persist.batch").tag("outcome", "success").timer().count())
				.isEqualTo(1);
			assertThat(registry.get("game.sessions.persist.backlog").gauge().value()).isZero();
			assertThat(registry.get("game.sessions.live").tag("state", "identified").gauge().value()).isZero();
		});
	}

	@Test
	void noMetricsWithoutARegistryOrWithoutMicrometer() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(GameSessionsMetrics.class)
			.hasSingleBean(SessionManager.class));
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GameSessionsMetrics.class)
				.hasSingleBean(SessionManager.class));
	}

	@Test
	void endpointListsFindsAndDestroysWithoutSecrets() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GameSessionsEndpoint.class);
			SessionManager manager = context.getBean(SessionManager.class);
			GameSessionsEndpoint endpoint = context.getBean(GameSessionsEndpoint.class);
			Session session = manager.create("table-3");
			session.start();
			session.identify("carol");
			GameSessionsEndpoint.SessionsReport report = endpoint.sessions();
			assertThat(report.live()).isEqualTo(1);
			assertThat(report.sessions()).singleElement().satisfies((descriptor) -> {
				assertThat(descriptor.id()).isEqualTo(session.maskedId());
				assertThat(descriptor.userId()).isEqualTo("carol");
				assertThat(descriptor.key()).isEqualTo("table-3");
			});
			assertThat(report.toString()).doesNotContain(session.id()).doesNotContain(session.resumeToken());
			assertThat(endpoint.session("carol")).isNotNull();
			assertThat(endpoint.session("table-3")).isNotNull();
			assertThat(endpoint.session(session.id().substring(0, 6))).isNotNull();
			assertThat(endpoint.session("abc")).isNull();
			assertThat(endpoint.destroy("carol")).isNotNull();
			assertThat(manager.size()).isZero();
			assertThat(endpoint.destroy("carol")).isNull();
		});
	}

	@Test
	void noEndpointWhenNotExposedOrWithoutActuator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GameSessionsAutoConfiguration.class,
					GameSessionsActuatorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GameSessionsEndpoint.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GameSessionsEndpoint.class)
				.hasSingleBean(SessionManager.class));
	}

	@Test
	void healthIsUpAndTurnsDownWhileTheStoreFails() {
		this.contextRunner.withUserConfiguration(FailingStore.class).run((context) -> {
			GameSessionsHealthIndicator health = context.getBean(GameSessionsHealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			SwitchableStore store = context.getBean(SwitchableStore.class);
			store.down = true;
			Health down = health.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsKeys("backlog", "probe", "store");
			store.down = false;
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void healthCanBeDisabledAndIsAbsentWithoutHealthSupport() {
		this.contextRunner.withPropertyValues("management.health.gamesessions.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GameSessionsHealthIndicator.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GameSessionsHealthIndicator.class)
				.hasSingleBean(SessionManager.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingStore {

		@Bean
		SwitchableStore switchableStore() {
			return new SwitchableStore();
		}

	}

	static class SwitchableStore implements dev.gamesessions.store.UserDataStore {

		private final InMemoryUserDataStore delegate = new InMemoryUserDataStore();

		volatile boolean down;

		@Override
		public java.util.Optional<StoredUserData> load(String userId) {
			if (this.down) {
				throw new StoreException("connection refused (test)");
			}
			return this.delegate.load(userId);
		}

		@Override
		public List<WriteResult> saveAll(List<UserDataWrite> writes) {
			if (this.down) {
				throw new StoreException("connection refused (test)");
			}
			return this.delegate.saveAll(writes);
		}

		@Override
		public boolean delete(String userId) {
			return this.delegate.delete(userId);
		}

	}

}
