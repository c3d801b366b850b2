package dev.gamesessions.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gamesessions.CorruptDataPolicy;
import dev.gamesessions.DataCodec;
import dev.gamesessions.JacksonDataCodec;
import dev.gamesessions.PersistTrigger;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionListener;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionManagerConfig;
import dev.gamesessions.SingleSessionPolicy;
import dev.gamesessions.UserDataFactory;
import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.NoOpUserDataStore;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.UserDataStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class GameSessionsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GameSessionsAutoConfiguration.class));

	@Test
	void defaultsGiveAManagerOnInMemoryStoresAndSayWhy(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SessionManager.class)
				.hasSingleBean(InMemoryUserDataStore.class)
				.hasSingleBean(InMemorySessionDataStore.class)
				.hasSingleBean(JacksonDataCodec.class)
				.hasSingleBean(SessionManagerLifecycle.class);
			SessionManagerConfig config = context.getBean(SessionManager.class).config();
			assertThat(config.persistEvents()).containsExactlyInAnyOrder(PersistTrigger.DISCONNECT,
					PersistTrigger.SHUTDOWN);
			assertThat(config.persistInterval()).isEqualTo(Duration.ofSeconds(30));
			assertThat(config.duration()).isEqualTo(Duration.ofHours(6));
			assertThat(config.maxSessionDataBytes()).isEqualTo(4096);
		});
		assertThat(output).contains("Game sessions keep user data in memory")
			.contains("store user data in InMemoryUserDataStore");
	}

	@Test
	void everyPropertyIsMappedOntoTheEngine() {
		this.contextRunner
			.withPropertyValues("game.sessions.persistence.events=shutdown", "game.sessions.persistence.interval=5s",
					"game.sessions.persistence.shutdown-timeout=3s", "game.sessions.persistence.timeout=2s",
					"game.sessions.persistence.batch-size=50", "game.sessions.persistence.write-concurrency=3",
					"game.sessions.persistence.initial-backoff=20ms",
					"game.sessions.persistence.max-backoff=1s", "game.sessions.duration=2h",
					"game.sessions.prune-frequency=30s", "game.sessions.reconnect.grace=45s",
					"game.sessions.single-session=reject-new", "game.sessions.session-data.max-size=8KB",
					"game.sessions.cache.limit=50", "game.sessions.cache.max-age=1m",
					"game.sessions.user-data.type=" + Player.class.getName(),
					"game.sessions.user-data.on-corrupt=reset")
			.run((context) -> {
				SessionManagerConfig config = context.getBean(SessionManager.class).config();
				assertThat(config.persistEvents()).containsExactly(PersistTrigger.SHUTDOWN);
				assertThat(config.persistInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.persistTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.writeBatchSize()).isEqualTo(50);
				assertThat(config.writeConcurrency()).isEqualTo(3);
				assertThat(config.retryInitialBackoff()).isEqualTo(Duration.ofMillis(20));
				assertThat(config.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(1));
				assertThat(config.duration()).isEqualTo(Duration.ofHours(2));
				assertThat(config.pruneFrequency()).isEqualTo(Duration.ofSeconds(30));
				assertThat(config.reconnectGrace()).isEqualTo(Duration.ofSeconds(45));
				assertThat(config.singleSessionPolicy()).isEqualTo(SingleSessionPolicy.REJECT_NEW);
				assertThat(config.maxSessionDataBytes()).isEqualTo(8192);
				assertThat(config.cacheLimit()).isEqualTo(50);
				assertThat(config.cacheMaxAge()).isEqualTo(Duration.ofMinutes(1));
				assertThat(config.userDataType()).isEqualTo(Player.class);
				assertThat(config.corruptDataPolicy()).isEqualTo(CorruptDataPolicy.RESET);
			});
	}

	@Test
	void emptyEventsListDisablesTriggers() {
		this.contextRunner.withPropertyValues("game.sessions.persistence.events=")
			.run((context) -> assertThat(context.getBean(SessionManager.class).config().persistEvents()).isEmpty());
	}

	@Test
	void badValueFailsNamingThePropertyTheValueAndTheReason() {
		this.contextRunner.withPropertyValues("game.sessions.duration=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("game.sessions.duration")
				.hasMessageContaining("PT0S")
				.hasMessageContaining("must be positive");
		});
		this.contextRunner.withPropertyValues("game.sessions.persistence.batch-size=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("game.sessions.persistence.batch-size"));
		this.contextRunner
			.withPropertyValues("game.sessions.persistence.initial-backoff=10s",
					"game.sessions.persistence.max-backoff=1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("game.sessions.persistence.max-backoff"));
	}

	@Test
	void unparsableValueFailsBindingNamingTheProperty() {
		this.contextRunner.withPropertyValues("game.sessions.single-session=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class)
				.rootCause()
				.hasMessageContaining("sometimes");
			assertThat(context.getStartupFailure()).cause().cause().isInstanceOf(BindException.class)
				.hasMessageContaining("game.sessions.single-session");
		});
	}

	@Test
	void storeNoneUsesTheNoOpStore() {
		this.contextRunner.withPropertyValues("game.sessions.store=none")
			.run((context) -> assertThat(context).hasSingleBean(NoOpUserDataStore.class));
	}

	@Test
	void storeMemoryIsExplicitlyAllowed(CapturedOutput output) {
		this.contextRunner.withPropertyValues("game.sessions.store=memory")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryUserDataStore.class));
		assertThat(output).doesNotContain("no Redis connection or DataSource was found");
	}

	@Test
	void storeRedisWithoutRedisFailsWithAnExplanation() {
		this.contextRunner.withPropertyValues("game.sessions.store=redis").run((context) -> {
			assertThat(context).hasFailed();
			StoreNotAvailableException ex = (StoreNotAvailableException) context.getStartupFailure().getCause()
				.getCause();
			assertThat(ex).isInstanceOf(StoreNotAvailableException.class);
			FailureAnalysis analysis = new StoreNotAvailableFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("game.sessions.store is 'redis'");
			assertThat(analysis.getAction()).contains("RedisConnectionFactory")
				.contains("game.sessions.redis.embedded.enabled=true");
		});
		this.contextRunner.withPropertyValues("game.sessions.store=redis")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> {
				FailureAnalysis analysis = new StoreNotAvailableFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Spring Data Redis is not on the classpath");
				assertThat(analysis.getAction()).contains("Add spring-boot-starter-data-redis");
			});
	}

	@Test
	void storeRedisFailureDoesNotSuggestWhatIsAlreadySet() {
		this.contextRunner
			.withPropertyValues("game.sessions.store=redis", "game.sessions.redis.embedded.enabled=true")
			.run((context) -> {
				FailureAnalysis analysis = new StoreNotAvailableFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).doesNotContain("embedded.enabled");
			});
	}

	@Test
	void storeJdbcWithoutADataSourceFailsWithAnExplanation() {
		this.contextRunner.withPropertyValues("game.sessions.store=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new StoreNotAvailableFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("game.sessions.store is 'jdbc'");
			assertThat(analysis.getAction()).contains("spring.datasource.url");
		});
	}

	@Test
	void anInMemoryStoreOfTheApplicationsOwnIsNotReportedAsTheFallback(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(UserBeans.class)
			.run((context) -> assertThat(context).hasSingleBean(SessionManager.class));
		assertThat(output).doesNotContain("keep user data in memory").contains("store user data in InMemoryUserDataStore");
	}

	@Test
	void userBeansWin() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			SessionManager manager = context.getBean(SessionManager.class);
			assertThat(manager.userDataStore()).isSameAs(context.getBean("myUserStore"));
			assertThat(manager.sessionDataStore()).isSameAs(context.getBean("mySessionStore"));
			assertThat(manager.codec()).isSameAs(context.getBean("myCodec"));
		});
		this.contextRunner.withUserConfiguration(UserManager.class).run((context) -> {
			assertThat(context).hasSingleBean(SessionManager.class);
			assertThat(context.getBean(SessionManager.class)).isSameAs(context.getBean("myManager"));
		});
	}

	@Test
	void userDataFactoryListenersAndCustomizersAreApplied() {
		this.contextRunner.withUserConfiguration(Extensions.class).run((context) -> {
			SessionManager manager = context.getBean(SessionManager.class);
			Session session = manager.create();
			session.start();
			session.identify("newbie");
			assertThat(session.userData()).isEqualTo(Map.of("coins", 100));
			Extensions extensions = context.getBean(Extensions.class);
			assertThat(extensions.seen).contains("Identified");
			assertThat(extensions.customizations).containsExactly("first", "second");
		});
	}

	@Test
	void managerIsClosedWhenTheContextStops() {
		this.contextRunner.run((context) -> {
			SessionManager manager = context.getBean(SessionManager.class);
			context.close();
			assertThat(manager.isClosed()).isTrue();
		});
	}

	record Player(String name, int coins) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		UserDataStore myUserStore() {
			return new InMemoryUserDataStore();
		}

		@Bean
		SessionDataStore mySessionStore() {
			return new InMemorySessionDataStore();
		}

		@Bean
		DataCodec myCodec() {
			return new JacksonDataCodec();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserManager {

		@Bean
		SessionManager myManager() {
			return SessionManager.builder().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Extensions {

		final List<String> seen = new ArrayList<>();

		final List<String> customizations = new ArrayList<>();

		@Bean
		UserDataFactory starterPack() {
			return (userId) -> new java.util.HashMap<>(Map.of("coins", 100));
		}

		@Bean
		SessionListener recordingListener() {
			return (event) -> this.seen.add(event.getClass().getSimpleName());
		}

		@Bean
		@Order(2)
		SessionManagerCustomizer second() {
			return (builder) -> this.customizations.add("second");
		}

		@Bean
		@Order(1)
		SessionManagerCustomizer first() {
			return (builder) -> this.customizations.add("first");
		}

	}

}
