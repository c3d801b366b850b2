package dev.gamesessions.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JdbcSchemaInitializer}.
 */
class JdbcSchemaInitializerTests {

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void initializingTwiceIsHarmlessAndKeepsData(TestDatabase database) {
		try (TestTables tables = database.createTables()) {
			tables.userDataStore().saveAll(List.of(new UserDataWrite("kept", "{}", 0)));
			JdbcSchemaInitializer.initialize(tables.dataSource(), database.dialect(), tables.userTable(),
					tables.sessionTable());
			assertThat(tables.userDataStore().load("kept")).isPresent();
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void initializingOnSeveralNodesAtOnceSucceeds(TestDatabase database) {
		String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		TestTables tables = new TestTables(database, database.dataSource(), "gs_race_user_" + suffix,
				"gs_race_session_" + suffix);
		try (tables) {
			CompletableFuture<?>[] nodes = new CompletableFuture<?>[3];
			ExecutorService threads = Executors.newFixedThreadPool(nodes.length);
			try {
				for (int i = 0; i < nodes.length; i++) {
					nodes[i] = CompletableFuture.runAsync(() -> JdbcSchemaInitializer.initialize(tables.dataSource(),
							database.dialect(), tables.userTable(), tables.sessionTable()), threads);
				}
			}
			finally {
				threads.shutdown();
			}
			CompletableFuture.allOf(nodes).join();
			assertThat(tables.userDataStore().saveAll(List.of(new UserDataWrite("u", "{}", 0))))
				.extracting(WriteResult::status)
				.containsExactly(WriteResult.Status.SAVED);
		}
	}

	@Test
	void customAndSchemaQualifiedTableNamesWork() {
		TestDatabase database = TestDatabase.H2;
		String schema = "gs_schema_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		TestTables tables = new TestTables(database, database.dataSource(), schema + ".players",
				schema + ".player_sessions");
		tables.execute("CREATE SCHEMA " + schema);
		try (tables) {
			JdbcSchemaInitializer.initialize(tables.dataSource(), null, tables.userTable(), tables.sessionTable());
			tables.userDataStore().saveAll(List.of(new UserDataWrite("u", "{\"a\":1}", 0)));
			JdbcSessionDataStore sessions = tables.sessionDataStore(Clock.systemUTC());
			sessions.apply("s", Map.of("a", "1"), Set.of(), Duration.ofMinutes(1));
			assertThat(tables.count("SELECT COUNT(*) FROM " + schema + ".players")).isOne();
			assertThat(tables.count("SELECT COUNT(*) FROM " + schema + ".player_sessions")).isOne();
		}
		finally {
			tables.execute("DROP SCHEMA " + schema);
		}
	}

	@Test
	void statementsFillInTheTableNames() {
		List<String> statements = JdbcSchemaInitializer.statements(JdbcDialect.POSTGRESQL, "app.users", "app.sessions");
		assertThat(statements).hasSize(3);
		assertThat(statements.get(0)).startsWith("CREATE TABLE IF NOT EXISTS app.users (");
		assertThat(statements.get(1)).startsWith("CREATE TABLE IF NOT EXISTS app.sessions (");
		assertThat(statements.get(2))
			.isEqualTo("CREATE INDEX IF NOT EXISTS sessions_expires_idx ON app.sessions (expires_at)");
		assertThat(String.join("\n", statements)).doesNotContain("${").doesNotContain("--");
	}

	@Test
	void indexNamesOfLongTableNamesFitEveryDatabase() {
		String table = "t".repeat(63);
		List<String> statements = JdbcSchemaInitializer.statements(JdbcDialect.H2, "users", table);
		assertThat(statements.get(2)).startsWith("CREATE INDEX IF NOT EXISTS " + "t".repeat(51) + "_expires_idx ON");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1users", "users; DROP TABLE users", "users--", "a.b.c", "my-table", "\"users\"",
			"schema.", ".users", "tablé" })
	void badTableNamesAreRejectedWithTheValue(String name) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JdbcSchemaInitializer.statements(JdbcDialect.H2, name, "sessions"))
			.withMessageContaining("'" + name + "'")
			.withMessageContaining("user data table");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JdbcSchemaInitializer.statements(JdbcDialect.H2, "users", name))
			.withMessageContaining("'" + name + "'")
			.withMessageContaining("session data table");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JdbcUserDataStore(TestDatabase.H2.dataSource(), JdbcDialect.H2, name))
			.withMessageContaining("'" + name + "'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JdbcSessionDataStore(TestDatabase.H2.dataSource(), JdbcDialect.H2, name,
					Clock.systemUTC()))
			.withMessageContaining("'" + name + "'");
	}

	@Test
	void tooLongTableNameIsRejected() {
		String name = "t".repeat(64);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JdbcSchemaInitializer.statements(JdbcDialect.H2, name, "sessions"))
			.withMessageContaining(name);
	}

	@Test
	void dialectIsDetectedFromTheProductName() {
		assertThat(JdbcDialect.fromProductName("H2")).isEqualTo(JdbcDialect.H2);
		assertThat(JdbcDialect.fromProductName("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
		assertThat(JdbcDialect.fromProductName("MariaDB")).isEqualTo(JdbcDialect.MARIADB);
		assertThat(JdbcDialect.fromProductName("MySQL")).isEqualTo(JdbcDialect.MARIADB);
		assertThat(JdbcDialect.detect(TestDatabase.H2.dataSource())).isEqualTo(JdbcDialect.H2);
		assertThatIllegalArgumentException().isThrownBy(() -> JdbcDialect.fromProductName("Oracle"))
			.withMessageContaining("'Oracle'");
	}

}
