package dev.gamesessions.autoconfigure.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.UUID;
import java.util.logging.Logger;

import javax.sql.DataSource;

import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.actuate.GameSessionsActuatorAutoConfiguration;
import dev.gamesessions.autoconfigure.actuate.GameSessionsHealthIndicator;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code gamesessions} health indicator reports an unreachable database as DOWN, and
 * UP again once it answers.
 */
class JdbcStoreHealthTests {

	private final OutageDataSource dataSource = new OutageDataSource(
			"jdbc:h2:mem:gs-health-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GameSessionsJdbcAutoConfiguration.class,
				GameSessionsAutoConfiguration.class, GameSessionsActuatorAutoConfiguration.class))
		.withBean(DataSource.class, () -> this.dataSource)
		.withPropertyValues("game.sessions.store=jdbc");

	@Test
	void healthIsDownWhileTheDatabaseIsUnreachable() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcUserDataStore.class);
			GameSessionsHealthIndicator health = context.getBean(GameSessionsHealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			this.dataSource.reachable = false;
			Health down = health.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("store", "JdbcUserDataStore");
			assertThat(down.getDetails().get("probe")).asString().contains("08001");
			this.dataSource.reachable = true;
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		});
	}

	/** An H2 database whose server can be made unreachable, as a lost network would. */
	static final class OutageDataSource implements DataSource {

		private final JdbcDataSource database = new JdbcDataSource();

		volatile boolean reachable = true;

		OutageDataSource(String url) {
			this.database.setURL(url);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (!this.reachable) {
				throw new SQLNonTransientConnectionException("Connection refused", "08001");
			}
			return this.database.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			throw new SQLException("Not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return false;
		}

	}

}
