package dev.gamesessions.autoconfigure.jdbc;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC stores' schema in an application that migrates its own database with Flyway:
 * Spring Boot's database initialization runs Flyway first, on the schema as the
 * application left it, then creates the stores' tables, then creates the stores.
 */
class GameSessionsJdbcFlywayTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
				GameSessionsJdbcAutoConfiguration.class, GameSessionsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:gs-flyway-" + UUID.randomUUID(),
				"spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/gamesessions-flyway");

	@Test
	void flywayMigratesAnEmptyDatabaseBeforeTheStoresTablesAreCreated() {
		this.contextRunner.run((context) -> {
			// Flyway refuses a non-empty schema without its history: it ran first.
			assertThat(context).hasNotFailed();
			assertThat(tables(context)).contains("flyway_schema_history", "LEADERBOARD", "GAME_USER_DATA",
					"GAME_SESSION_DATA");
			assertThat(context.getBeanFactory().getBeanDefinition("gameSessionsJdbcSchemaInitializer").getDependsOn())
				.contains("flywayInitializer");
			assertThat(context.getBeanFactory().getBeanDefinition("gameSessionsJdbcUserDataStore").getDependsOn())
				.contains("flywayInitializer", "gameSessionsJdbcSchemaInitializer");
			Session session = context.getBean(SessionManager.class).create();
			session.start();
			session.identify("ada");
			session.userData(Map.class).put("coins", 3);
			session.persistNow();
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("SELECT data FROM game_user_data WHERE user_id = 'ada'", String.class))
				.isEqualTo("{\"coins\":3}");
		});
	}

	@Test
	void storesWaitForFlywayWhenItCreatesTheirTables() {
		this.contextRunner
			.withPropertyValues("game.sessions.jdbc.initialize-schema=never",
					"game.sessions.jdbc.user-table=players", "game.sessions.jdbc.session-table=player_sessions",
					"spring.flyway.locations=classpath:db/gamesessions-flyway,classpath:db/gamesessions-flyway-tables")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeanFactory().getBeanDefinition("gameSessionsJdbcUserDataStore").getDependsOn())
					.contains("flywayInitializer");
				assertThat(tables(context)).contains("PLAYERS", "PLAYER_SESSIONS").doesNotContain("GAME_USER_DATA");
				Session session = context.getBean(SessionManager.class).create();
				session.start();
				session.identify("bo");
				session.userData(Map.class).put("coins", 4);
				session.persistNow();
			});
	}

	private static List<String> tables(AssertableApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class)).queryForList(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'", String.class);
	}

}
