package dev.gamesessions.autoconfigure.jdbc;

import java.util.UUID;

import dev.gamesessions.autoconfigure.RestartScenario;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What a user does: {@code spring-boot-starter-jdbc}, a driver, {@code game.sessions.store=jdbc}
 * and {@code spring.datasource.url}. A player's data, changed and never persisted
 * explicitly, is written by the shutdown flush and read back by the next start of the
 * application. Runs on an in-memory H2 database that outlives both contexts, and on the
 * PostgreSQL server of {@value #URL_VARIABLE} when it is set.
 */
class JdbcEndToEndTests {

	static final String URL_VARIABLE = "GAMESESSIONS_TEST_POSTGRES_URL";

	@Test
	void userDataSurvivesARestartOnH2() {
		userDataSurvivesARestart("jdbc:h2:mem:gs-e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;USER=sa", "embedded");
	}

	@Test
	void userDataSurvivesARestartOnPostgresql() {
		String url = System.getenv(URL_VARIABLE);
		Assumptions.assumeTrue(url != null && !url.isBlank(),
				URL_VARIABLE + " not set: skipping the end-to-end test against PostgreSQL");
		userDataSurvivesARestart(url, "always");
	}

	private void userDataSurvivesARestart(String url, String initializeSchema) {
		String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String userTable = "gs_user_" + suffix;
		String sessionTable = "gs_session_" + suffix;
		String[] args = { "--game.sessions.store=jdbc", "--spring.datasource.url=" + url,
				"--game.sessions.jdbc.initialize-schema=" + initializeSchema, "--game.sessions.jdbc.user-table=" + userTable,
				"--game.sessions.jdbc.session-table=" + sessionTable, "--spring.main.web-application-type=none",
				"--spring.main.banner-mode=off" };
		try {
			RestartScenario.userDataSurvivesARestart(GameApplication.class, JdbcUserDataStore.class, args);
		}
		finally {
			JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url));
			jdbc.execute("DROP TABLE IF EXISTS " + userTable);
			jdbc.execute("DROP TABLE IF EXISTS " + sessionTable);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class GameApplication {

	}

}
