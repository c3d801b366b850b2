package dev.gamesessions.autoconfigure.jdbc;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.redis.GameSessionsRedisAutoConfiguration;
import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.NoOpUserDataStore;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.jdbc.JdbcSessionDataStore;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;
import dev.gamesessions.store.redis.RedisSessionDataStore;
import dev.gamesessions.store.redis.RedisUserDataStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.gamesessions.autoconfigure.StartupFailureAssertions.assertInvalidProperty;
import static dev.gamesessions.autoconfigure.StartupFailureAssertions.assertStoreNotAvailable;
import static org.assertj.core.api.Assertions.assertThat;

class GameSessionsJdbcAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				GameSessionsJdbcAutoConfiguration.class, GameSessionsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:gs-" + UUID.randomUUID());

	@Test
	void jdbcStoresAreUsedAndTheSchemaIsCreatedOnAnEmbeddedDatabase() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcUserDataStore.class)
				.hasSingleBean(JdbcSessionDataStore.class)
				.doesNotHaveBean(InMemoryUserDataStore.class)
				.doesNotHaveBean(InMemorySessionDataStore.class);
			SessionManager manager = context.getBean(SessionManager.class);
			assertThat(manager.userDataStore()).isInstanceOf(JdbcUserDataStore.class);
			assertThat(manager.sessionDataStore()).isInstanceOf(JdbcSessionDataStore.class);
			assertThat(tables(context)).contains("GAME_USER_DATA", "GAME_SESSION_DATA");
		});
		this.contextRunner.withPropertyValues("game.sessions.store=jdbc")
			.run((context) -> assertThat(context).hasSingleBean(JdbcUserDataStore.class));
	}

	@Test
	void initializeSchemaNeverLeavesTheTablesToTheApplication() {
		this.contextRunner.withPropertyValues("game.sessions.jdbc.initialize-schema=never").run((context) -> {
			assertThat(context).hasSingleBean(JdbcUserDataStore.class);
			assertThat(tables(context)).doesNotContain("GAME_USER_DATA", "GAME_SESSION_DATA");
		});
	}

	@Test
	void initializeSchemaAlwaysCreatesTheTables() {
		this.contextRunner.withPropertyValues("game.sessions.jdbc.initialize-schema=always")
			.run((context) -> assertThat(tables(context)).contains("GAME_USER_DATA", "GAME_SESSION_DATA"));
	}

	@Test
	void customTableNamesAreCreatedAndUsed() {
		this.contextRunner
			.withPropertyValues("game.sessions.jdbc.user-table=my_players", "game.sessions.jdbc.session-table=my_sessions",
					"game.sessions.jdbc.dialect=h2")
			.run((context) -> {
				assertThat(tables(context)).contains("MY_PLAYERS", "MY_SESSIONS").doesNotContain("GAME_USER_DATA");
				Session session = context.getBean(SessionManager.class).create();
				session.start();
				session.identify("alice");
				session.userData(Map.class).put("coins", 7);
				session.persistNow();
				session.data().set("room", "lobby");
				session.data().save();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT data FROM my_players WHERE user_id = 'alice'", String.class))
					.isEqualTo("{\"coins\":7}");
				assertThat(jdbc.queryForList("SELECT name FROM my_sessions", String.class)).containsExactly("room");
			});
	}

	@Test
	void anInvalidTableNameFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("game.sessions.jdbc.user-table=players; DROP TABLE x")
			.run((context) -> assertInvalidProperty(context, "game.sessions.jdbc.user-table", "players; DROP TABLE x"));
	}

	@Test
	void anotherStoreTypeKeepsJdbcOutEvenWhenThereIsADataSource() {
		this.contextRunner.withPropertyValues("game.sessions.store=memory").run((context) -> {
			assertThat(context).hasSingleBean(InMemoryUserDataStore.class)
				.hasSingleBean(InMemorySessionDataStore.class)
				.doesNotHaveBean(JdbcUserDataStore.class)
				.doesNotHaveBean(JdbcSessionDataStore.class);
			assertThat(tables(context)).doesNotContain("GAME_USER_DATA");
		});
		this.contextRunner.withPropertyValues("game.sessions.store=none")
			.run((context) -> assertThat(context).hasSingleBean(NoOpUserDataStore.class)
				.doesNotHaveBean(JdbcUserDataStore.class));
	}

	@Test
	void redisWinsOverADataSourceWhenNoStoreIsChosen() {
		withRedis().run((context) -> assertThat(context).hasSingleBean(RedisUserDataStore.class)
			.hasSingleBean(RedisSessionDataStore.class)
			.doesNotHaveBean(JdbcUserDataStore.class)
			.doesNotHaveBean(JdbcSessionDataStore.class));
	}

	@Test
	void storeJdbcWinsOverRedis() {
		withRedis().withPropertyValues("game.sessions.store=jdbc")
			.run((context) -> assertThat(context).hasSingleBean(JdbcUserDataStore.class)
				.hasSingleBean(JdbcSessionDataStore.class)
				.doesNotHaveBean(RedisUserDataStore.class));
	}

	/** Redis is configured but never connected to: these tests only look at the beans. */
	private ApplicationContextRunner withRedis() {
		return this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					GameSessionsRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1");
	}

	@Test
	void userDefinedStoreWinsAndTheOtherStoreStaysJdbc() {
		InMemoryUserDataStore mine = new InMemoryUserDataStore();
		this.contextRunner.withBean(UserDataStore.class, () -> mine).run((context) -> {
			assertThat(context).doesNotHaveBean(JdbcUserDataStore.class);
			SessionManager manager = context.getBean(SessionManager.class);
			assertThat(manager.userDataStore()).isSameAs(mine);
			assertThat(manager.sessionDataStore()).isInstanceOf(JdbcSessionDataStore.class);
		});
	}

	@Test
	void withoutJdbcUserDataStaysInMemory() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DataSource.class))
			.run((context) -> assertThat(context).hasSingleBean(InMemoryUserDataStore.class)
				.doesNotHaveBean(JdbcUserDataStore.class));
	}

	@Test
	void storeJdbcWithoutADataSourceFailsNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GameSessionsJdbcAutoConfiguration.class,
					GameSessionsAutoConfiguration.class))
			.withPropertyValues("game.sessions.store=jdbc")
			.run((context) -> assertStoreNotAvailable(context, "jdbc", "no DataSource bean"));
	}

	private static List<String> tables(AssertableApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class)).queryForList(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'", String.class);
	}

}
