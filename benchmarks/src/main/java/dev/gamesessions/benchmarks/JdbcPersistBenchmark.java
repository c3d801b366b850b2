package dev.gamesessions.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.gamesessions.store.jdbc.JdbcSchemaInitializer;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Persisting ~1 KiB of user data per user to local PostgreSQL: our engine's write-behind
 * path ({@link JdbcUserDataStore}) against Spring Session JDBC
 * ({@link JdbcIndexedSessionRepository#save}) with a Jackson converter. Every table is
 * created under a {@code bench_} name and dropped afterwards.
 * <p>
 * Options: {@code --users=10000} (engine), {@code --peer-users=2000} (Spring Session, saved
 * one transaction each), {@code --rounds=3} (timed rounds; the best is reported).
 */
public final class JdbcPersistBenchmark {

	static final String USER_TABLE = "bench_game_user_data";

	static final String SESSION_TABLE = "bench_game_session_data";

	private static final String SPRING_SESSION_TABLE = "BENCH_SPRING_SESSION";

	private JdbcPersistBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int users = args.getInt("users", 10_000);
		int peerUsers = args.getInt("peer-users", 2_000);
		int rounds = args.getInt("rounds", 3);
		Results results = new Results("postgres-persist");
		results.setting("users", users).setting("peerUsers", peerUsers).setting("rounds", rounds)
			.setting("payloadBytes", Payload.encodedSize(Payload.player(0)))
			.setting("postgres", LocalServers.POSTGRES_URL);
		try (HikariDataSource dataSource = LocalServers.postgres()) {
			dropTables(dataSource);
			try {
				double ours = engine(dataSource, users, rounds, results);
				double spring = springSession(dataSource, peerUsers, rounds, results);
				results.figure("ratio", "ours / Spring Session JDBC saves", ours / spring, "x");
			}
			finally {
				dropTables(dataSource);
			}
		}
		results.write();
	}

	private static double engine(DataSource dataSource, int users, int rounds, Results results) {
		JdbcSchemaInitializer.initialize(dataSource, null, USER_TABLE, SESSION_TABLE);
		try (EngineUsers engine = new EngineUsers(new JdbcUserDataStore(dataSource, null, USER_TABLE), "user-",
				users, false)) {
			engine.persistAll(); // first writes: the users' rows are inserted
			engine.meanBatchSizeSinceLastCall();
			long best = Long.MAX_VALUE;
			for (int round = 0; round < rounds; round++) {
				engine.mutateAll();
				best = Math.min(best, engine.persistAll());
			}
			results.figure("batch size", "ours: users per store call", engine.meanBatchSizeSinceLastCall(), "users");
			double rate = Results.perSecond(users, best);
			results.figure("writes/s", "ours: JdbcUserDataStore via persistAllUserData", rate, "writes/s");
			return rate;
		}
	}

	private static double springSession(DataSource dataSource, int users, int rounds, Results results)
			throws IOException, SQLException {
		execute(dataSource, springSessionSchema());
		JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
		repository.setTableName(SPRING_SESSION_TABLE);
		repository.setConversionService(jacksonConversion());
		SpringSessions<?> sessions = new SpringSessions<>(repository, users);
		long best = Long.MAX_VALUE;
		for (int round = 0; round < rounds; round++) {
			best = Math.min(best, sessions.saveAll());
		}
		double rate = Results.perSecond(users, best);
		results.figure("writes/s", "Spring Session JDBC: JdbcIndexedSessionRepository.save", rate, "writes/s");
		return rate;
	}

	/**
	 * Attributes as JSON, as our store writes them (Spring Session's default is JDK serialization).
	 */
	private static GenericConversionService jacksonConversion() {
		JsonMapper json = JsonMapper.builder().build();
		GenericConversionService conversion = new GenericConversionService();
		conversion.addConverter(Object.class, byte[].class, json::writeValueAsBytes);
		conversion.addConverter(byte[].class, Object.class, (bytes) -> json.readValue(bytes, Object.class));
		return conversion;
	}

	/**
	 * The PostgreSQL script shipped in the spring-session-jdbc jar, with our table names.
	 */
	private static String springSessionSchema() throws IOException {
		try (InputStream script = JdbcIndexedSessionRepository.class
			.getResourceAsStream("/org/springframework/session/jdbc/schema-postgresql.sql")) {
			if (script == null) {
				throw new IllegalStateException("schema-postgresql.sql is not in the spring-session-jdbc jar");
			}
			return new String(script.readAllBytes(), StandardCharsets.UTF_8).replace("SPRING_SESSION",
					SPRING_SESSION_TABLE);
		}
	}

	static void dropTables(DataSource dataSource) throws SQLException {
		execute(dataSource, "DROP TABLE IF EXISTS " + USER_TABLE + ", " + SESSION_TABLE + ", "
				+ SPRING_SESSION_TABLE + "_ATTRIBUTES, " + SPRING_SESSION_TABLE);
	}

	private static void execute(DataSource dataSource, String script) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : script.split(";")) {
				if (!sql.isBlank()) {
					statement.execute(sql);
				}
			}
		}
	}

}
