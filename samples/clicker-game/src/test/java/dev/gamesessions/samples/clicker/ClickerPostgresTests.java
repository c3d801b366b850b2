package dev.gamesessions.samples.clicker;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import dev.gamesessions.SessionManager;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code postgres} profile: the same game on PostgreSQL through the JDBC store. Runs when
 * {@code GAMESESSIONS_TEST_POSTGRES_URL} names a database.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class ClickerPostgresTests {

	private static final String URL = System.getenv("GAMESESSIONS_TEST_POSTGRES_URL");

	private static final String SUFFIX = Long.toString(System.nanoTime(), 36);

	@LocalServerPort
	int port;

	@Autowired
	UserDataStore store;

	@Autowired
	SessionManager manager;

	@BeforeAll
	static void postgresConfigured() {
		assumeTrue(URL != null, "GAMESESSIONS_TEST_POSTGRES_URL not set: skipping the sample on PostgreSQL");
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		if (URL != null) {
			registry.add("spring.datasource.url", () -> URL);
			registry.add("game.sessions.jdbc.user-table", () -> "clicker_users_" + SUFFIX);
			registry.add("game.sessions.jdbc.session-table", () -> "clicker_sessions_" + SUFFIX);
		}
	}

	@AfterEach
	void dropTables(@Autowired DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS clicker_users_" + SUFFIX);
			statement.execute("DROP TABLE IF EXISTS clicker_sessions_" + SUFFIX);
		}
	}

	@Test
	void playsOnPostgres() {
		assertThat(this.store).isInstanceOf(JdbcUserDataStore.class);
		try (GameClient page = GameClient.connect(this.port, "")) {
			page.await("session");
			page.send("{\"type\":\"login\",\"name\":\"pg-player\"}");
			page.await("state", (state) -> !state.get("name").isNull());
			for (int i = 0; i < 12; i++) {
				page.send("{\"type\":\"click\"}");
			}
			page.await("state", (state) -> state.get("coins").asInt() == 12);
			page.send("{\"type\":\"buy\",\"item\":\"hat\"}");
			page.await("purchased");
		}
		assertThat(this.store.load("pg-player")).get().satisfies((stored) -> assertThat(stored.data()).contains("hat"));
	}

}
