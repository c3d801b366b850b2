package dev.gamesessions.store.jdbc;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the JDBC stores are tested on: H2 in memory always, PostgreSQL and MariaDB
 * when an environment variable names their JDBC URL. One pool per database for the whole
 * test run, and tables of its own for every test class.
 */
enum TestDatabase {

	H2(null, "H2", JdbcDialect.H2),

	POSTGRESQL("GAMESESSIONS_TEST_POSTGRES_URL", "PostgreSQL", JdbcDialect.POSTGRESQL),

	MARIADB("GAMESESSIONS_TEST_MARIADB_URL", "MariaDB", JdbcDialect.MARIADB);

	private static final Map<TestDatabase, HikariDataSource> pools = new ConcurrentHashMap<>();

	private final String urlVariable;

	private final String displayName;

	private final JdbcDialect dialect;

	TestDatabase(String urlVariable, String displayName, JdbcDialect dialect) {
		this.urlVariable = urlVariable;
		this.displayName = displayName;
		this.dialect = dialect;
	}

	JdbcDialect dialect() {
		return this.dialect;
	}

	/**
	 * The shared pool of this database; aborts the calling test (skipped) when the
	 * database is not configured.
	 */
	DataSource dataSource() {
		String url = jdbcUrl();
		return pools.computeIfAbsent(this, (database) -> {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(url);
			config.setPoolName("test-" + name().toLowerCase());
			config.setMaximumPoolSize(12);
			config.setMinimumIdle(0);
			return new HikariDataSource(config);
		});
	}

	String jdbcUrl() {
		if (this.urlVariable == null) {
			return "jdbc:h2:mem:gamesessions-tests;DB_CLOSE_DELAY=-1";
		}
		String url = System.getenv(this.urlVariable);
		Assumptions.assumeTrue(url != null && !url.isBlank(),
				this.urlVariable + " not set: skipping " + this.displayName + " tests");
		return url;
	}

	/**
	 * Creates tables with random names in this database.
	 */
	TestTables createTables() {
		String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		TestTables tables = new TestTables(this, dataSource(), "gs_user_" + suffix, "gs_session_" + suffix);
		JdbcSchemaInitializer.initialize(tables.dataSource(), this.dialect, tables.userTable(),
				tables.sessionTable());
		return tables;
	}

}
