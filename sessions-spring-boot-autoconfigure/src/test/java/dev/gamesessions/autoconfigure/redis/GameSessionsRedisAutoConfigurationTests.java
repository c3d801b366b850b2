package dev.gamesessions.autoconfigure.redis;

import java.util.Map;
import java.util.UUID;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.StoreNotAvailableException;
import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.NoOpUserDataStore;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.redis.RedisSessionDataStore;
import dev.gamesessions.store.redis.RedisUserDataStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static dev.gamesessions.autoconfigure.StartupFailureAssertions.assertStoreNotAvailable;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class GameSessionsRedisAutoConfigurationTests {

	private static final EmbeddedRedis redis = new EmbeddedRedis(new GameSessionsRedisProperties.Embedded());

	/** Hides Spring Data Redis as a whole: hiding one class of it trips up Boot's own configuration. */
	private static final FilteredClassLoader withoutSpringDataRedis = new FilteredClassLoader(
			RedisConnectionFactory.class.getPackageName().replace(".connection", ""));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				GameSessionsRedisAutoConfiguration.class, GameSessionsAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=" + redis.port());

	@BeforeAll
	static void startRedis() {
		redis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

	@Test
	void redisStoresAreUsedWhenTheApplicationHasARedisConnectionFactory() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RedisUserDataStore.class)
				.hasSingleBean(RedisSessionDataStore.class)
				.doesNotHaveBean(InMemoryUserDataStore.class)
				.doesNotHaveBean(InMemorySessionDataStore.class);
			SessionManager manager = context.getBean(SessionManager.class);
			assertThat(manager.userDataStore()).isInstanceOf(RedisUserDataStore.class);
			assertThat(manager.sessionDataStore()).isInstanceOf(RedisSessionDataStore.class);
		});
		this.contextRunner.withPropertyValues("game.sessions.store=redis")
			.run((context) -> assertThat(context).hasSingleBean(RedisUserDataStore.class));
	}

	@Test
	void anotherStoreTypeKeepsRedisOutEvenWhenItIsThere() {
		this.contextRunner.withPropertyValues("game.sessions.store=memory")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryUserDataStore.class)
				.hasSingleBean(InMemorySessionDataStore.class)
				.doesNotHaveBean(RedisUserDataStore.class)
				.doesNotHaveBean(RedisSessionDataStore.class));
		this.contextRunner.withPropertyValues("game.sessions.store=none")
			.run((context) -> assertThat(context).hasSingleBean(NoOpUserDataStore.class)
				.doesNotHaveBean(RedisUserDataStore.class));
		this.contextRunner.withPropertyValues("game.sessions.store=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(StoreNotAvailableException.class)
				.hasMessageContaining("game.sessions.store is 'jdbc'");
		});
	}

	@Test
	void userDefinedStoreWins() {
		InMemoryUserDataStore mine = new InMemoryUserDataStore();
		this.contextRunner.withBean(UserDataStore.class, () -> mine).run((context) -> {
			assertThat(context).doesNotHaveBean(RedisUserDataStore.class);
			SessionManager manager = context.getBean(SessionManager.class);
			assertThat(manager.userDataStore()).isSameAs(mine);
			assertThat(manager.sessionDataStore()).isInstanceOf(RedisSessionDataStore.class);
		});
	}

	@Test
	void withoutSpringDataRedisUserDataStaysInMemory() {
		this.contextRunner.withClassLoader(withoutSpringDataRedis)
			.run((context) -> assertThat(context).hasSingleBean(InMemoryUserDataStore.class)
				.doesNotHaveBean(RedisUserDataStore.class));
	}

	@Test
	void storeRedisWithoutSpringDataRedisFailsNamingTheProperty() {
		this.contextRunner.withClassLoader(withoutSpringDataRedis)
			.withPropertyValues("game.sessions.store=redis")
			.run((context) -> assertStoreNotAvailable(context, "redis", "Spring Data Redis is not on the classpath"));
	}

	@Test
	void storeRedisWithoutAConnectionFactoryFailsNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GameSessionsRedisAutoConfiguration.class,
					GameSessionsAutoConfiguration.class))
			.withPropertyValues("game.sessions.store=redis")
			.run((context) -> assertStoreNotAvailable(context, "redis", "no RedisConnectionFactory bean"));
	}

	@Test
	void keyPrefixIsApplied() {
		String prefix = "gs-test-" + UUID.randomUUID() + ":";
		this.contextRunner.withPropertyValues("game.sessions.redis.key-prefix=" + prefix).run((context) -> {
			Session session = context.getBean(SessionManager.class).create();
			session.start();
			session.identify("alice");
			session.userData(Map.class).put("coins", 7);
			session.persistNow();
			StringRedisTemplate redisTemplate = context.getBean(StringRedisTemplate.class);
			assertThat(redisTemplate.<String, String>opsForHash().get(prefix + "user:alice", "data"))
				.isEqualTo("{\"coins\":7}");
			redisTemplate.delete(prefix + "user:alice");
		});
	}

	@Test
	void connectionsArePooledWhenCommonsPool2IsThere(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			LettuceConnectionFactory connectionFactory = context.getBean(LettuceConnectionFactory.class);
			assertThat(connectionFactory.getClientConfiguration())
				.isInstanceOf(LettucePoolingClientConfiguration.class);
		});
		assertThat(output).doesNotContain("Redis connections are not pooled");
	}

}
