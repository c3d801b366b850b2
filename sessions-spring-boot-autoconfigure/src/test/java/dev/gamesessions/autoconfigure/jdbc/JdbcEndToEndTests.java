package dev.gamesessions.autoconfigure.jdbc;

import java.util.Map;
import java.util.UUID;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

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
		// The default initialize-schema (embedded) creates the tables on H2.
		userDataSurvivesARestart("jdbc:h2:mem:gs-e2e-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;USER=sa");
	}

	@Test
	void userDataSurvivesARestartOnPostgresql() {
		String url = System.getenv(URL_VARIABLE);
		Assumptions.assumeTrue(url != null && !url.isBlank(),
				URL_VARIABLE + " not set: skipping the end-to-end test against PostgreSQL");
		userDataSurvivesARestart(url, "--game.sessions.jdbc.initialize-schema=always");
	}

	private void userDataSurvivesARestart(String url, String... extraArgs) {
		String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String userTable = "gs_user_" + suffix;
		String sessionTable = "gs_session_" + suffix;
		String[] args = concat(new String[] { "--game.sessions.store=jdbc", "--spring.datasource.url=" + url,
				"--game.sessions.jdbc.user-table=" + userTable, "--game.sessions.jdbc.session-table=" + sessionTable,
				"--spring.main.web-application-type=none", "--spring.main.banner-mode=off" }, extraArgs);
		try {
			try (ConfigurableApplicationContext context = SpringApplication.run(GameApplication.class, args)) {
				SessionManager manager = context.getBean(SessionManager.class);
				assertThat(manager.userDataStore()).isInstanceOf(JdbcUserDataStore.class);
				Session session = manager.create();
				session.start();
				session.identify("carol");
				session.userData(Map.class).put("gems", 30);
			}
			try (ConfigurableApplicationContext context = SpringApplication.run(GameApplication.class, args)) {
				Session session = context.getBean(SessionManager.class).create();
				session.start();
				session.identify("carol");
				assertThat(session.userData(Map.class)).containsEntry("gems", 30);
			}
		}
		finally {
			JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url));
			jdbc.execute("DROP TABLE IF EXISTS " + userTable);
			jdbc.execute("DROP TABLE IF EXISTS " + sessionTable);
		}
	}

	private static String[] concat(String[] first, String[] second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class GameApplication {

	}

}
