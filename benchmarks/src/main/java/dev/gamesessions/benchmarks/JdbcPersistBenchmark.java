package dev.gamesessions.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

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
 * Persisting ~1 KiB of user data per user to local PostgreSQL, every contender in the
 * same run: our engine's write-behind path ({@link JdbcUserDataStore}); Spring Session
 * JDBC ({@link JdbcIndexedSessionRepository#save}, Jackson converter) swept over 1, 8 and
 * 32 request threads, each save its own transaction; and a raw JDBC batch upsert of the
 * same JSON ({@code INSERT … ON CONFLICT DO UPDATE}, no version check,
 * {@code reWriteBatchedInserts=true}, one transaction per batch). For each: writes/s,
 * PostgreSQL CPU per write (all {@code postgres} processes, from {@code /proc}), JVM CPU
 * per write. Every table is
 * created under a {@code bench_} name and dropped afterwards.
 * <p>
 * Options: {@code --users=30000} (ours and raw), {@code --peer-users=4000} (Spring
 * Session), {@code --rounds=3} (timed rounds; the best is reported),
 * {@code --threads=1,8,32} (Spring Session sweep), {@code --raw-threads=2},
 * {@code --raw-batch=500}, {@code --only=ours,spring,raw}.
 */
public final class JdbcPersistBenchmark {

	static final String USER_TABLE = "bench_game_user_data";

	static final String SESSION_TABLE = "bench_game_session_data";

	private static final String RAW_TABLE = "bench_raw_user_data";

	private static final String SPRING_SESSION_TABLE = "BENCH_SPRING_SESSION";

	private JdbcPersistBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int users = args.getInt("users", 30_000);
		int peerUsers = args.getInt("peer-users", 4_000);
		int rounds = args.getInt("rounds", 3);
		List<Integer> threads = Arrays.stream(args.get("threads", "1,8,32").split(",")).map(Integer::valueOf).toList();
		int rawThreads = args.getInt("raw-threads", 2);
		int rawBatch = args.getInt("raw-batch", 500);
		Set<String> only = Set.of(args.get("only", "ours,spring,raw").split(","));
		Results results = new Results("postgres-persist");
		results.setting("users", users).setting("peerUsers", peerUsers).setting("rounds", rounds)
			.setting("springSessionThreads", threads).setting("rawThreads", rawThreads).setting("rawBatch", rawBatch)
			.setting("payloadBytes", Payload.encodedSize(Payload.player(0)))
			.setting("postgres", LocalServers.POSTGRES_URL);
		try (HikariDataSource dataSource = LocalServers.postgres()) {
			dropTables(dataSource);
			try {
				double ours = only.contains("ours") ? engine(dataSource, users, rounds, results) : Double.NaN;
				double spring = only.contains("spring") ? springSession(peerUsers, rounds, threads, results)
						: Double.NaN;
				double raw = only.contains("raw") ? rawBatchUpsert(dataSource, users, rounds, rawThreads, rawBatch,
						results) : Double.NaN;
				results.figure("ratio", "ours / Spring Session JDBC saves (best thread count)", ours / spring, "x");
				results.figure("ratio", "ours / raw JDBC batch upsert", ours / raw, "x");
			}
			finally {
				dropTables(dataSource);
			}
		}
		results.write();
	}

	private static double engine(HikariDataSource dataSource, int users, int rounds, Results results) {
		JdbcSchemaInitializer.initialize(dataSource, null, USER_TABLE, SESSION_TABLE);
		try (EngineUsers engine = new EngineUsers(new JdbcUserDataStore(dataSource, null, USER_TABLE), "user-",
				users, false)) {
			engine.persistAll(); // first writes: the users' rows are inserted
			engine.meanBatchSizeSinceLastCall();
			BestRound best = BestRound.of(rounds, engine::mutateAll, engine::persistAll);
			results.figure("batch size", "ours: users per store call", engine.meanBatchSizeSinceLastCall(), "users");
			return best.report(results, "ours: JdbcUserDataStore via persistAllUserData", users);
		}
	}

	/**
	 * Spring Session JDBC at each thread count (each a figure of the sweep), on a pool of
	 * as many connections as threads; returns the best.
	 */
	private static double springSession(int users, int rounds, List<Integer> threadCounts, Results results)
			throws IOException, SQLException {
		try (HikariDataSource dataSource = LocalServers.postgres(Collections.max(threadCounts), false)) {
			execute(dataSource, springSessionSchema());
			JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource),
					new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
			repository.setTableName(SPRING_SESSION_TABLE);
			repository.setConversionService(jacksonConversion());
			SpringSessions<?> sessions = new SpringSessions<>(repository, users);
			BestRound bestOfAll = null;
			int bestThreads = 0;
			for (int threads : threadCounts) {
				BestRound best = BestRound.of(rounds, () -> {
				}, () -> sessions.saveAll(threads));
				results.figure("sweep", "Spring Session JDBC save, " + threads + " threads",
						Results.perSecond(users, best.nanos), "writes/s");
				if (bestOfAll == null || best.nanos < bestOfAll.nanos) {
					bestOfAll = best;
					bestThreads = threads;
				}
			}
			results.setting("springSessionBestThreads", bestThreads);
			return bestOfAll.report(results,
					"Spring Session JDBC: JdbcIndexedSessionRepository.save, best (" + bestThreads + " threads)", users);
		}
	}

	/**
	 * The same JSON written with a plain batch upsert, {@code batch} rows per transaction,
	 * on {@code threads} threads with a connection each, {@code reWriteBatchedInserts=true}
	 * (the driver sends a batch as multi-row {@code INSERT}s): what a write costs without a
	 * version check.
	 */
	private static double rawBatchUpsert(HikariDataSource ours, int users, int rounds, int threads, int batch,
			Results results) throws SQLException {
		execute(ours, "CREATE TABLE " + RAW_TABLE + " (user_id VARCHAR(256) NOT NULL PRIMARY KEY, "
				+ "version BIGINT NOT NULL, data TEXT NOT NULL, format SMALLINT NOT NULL, "
				+ "updated_at TIMESTAMP(3) NOT NULL)");
		String sql = "INSERT INTO " + RAW_TABLE + " (user_id, version, data, format, updated_at) VALUES (?, ?, ?, 1, ?) "
				+ "ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, "
				+ "format = EXCLUDED.format, updated_at = EXCLUDED.updated_at";
		List<Map<String, Object>> players = new ArrayList<>(users);
		for (int i = 0; i < users; i++) {
			players.add(Payload.player(i));
		}
		int[] round = { 0 };
		try (HikariDataSource dataSource = LocalServers.postgres(threads, true)) {
			BestRound best = BestRound.of(rounds + 1, () -> {
				round[0]++;
				players.forEach((player) -> Payload.mutate(player, round[0]));
			}, () -> Parallel.timeRanges(threads, users, (from, to) -> {
				try (Connection connection = dataSource.getConnection()) {
					connection.setAutoCommit(false);
					try (PreparedStatement statement = connection.prepareStatement(sql)) {
						for (int start = from; start < to; start += batch) {
							LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
							for (int i = start; i < Math.min(to, start + batch); i++) {
								statement.setString(1, "user-" + i);
								statement.setLong(2, round[0]);
								statement.setString(3,
										new String(Payload.encode(players.get(i)), StandardCharsets.UTF_8));
								statement.setObject(4, now);
								statement.addBatch();
							}
							statement.executeBatch();
							connection.commit();
						}
					}
				}
			}));
			return best.report(results, "raw JDBC batch upsert, " + threads + " threads, " + batch + " per batch",
					users);
		}
	}

	/**
	 * The fastest of several timed rounds, with the PostgreSQL CPU and the JVM CPU used
	 * during it.
	 */
	private record BestRound(long nanos, double postgresCpuSeconds, long jvmCpuNanos) {

		private static final ServerCpu POSTGRES_CPU = new ServerCpu("postgres");

		static BestRound of(int rounds, Runnable prepare, LongSupplier timed) {
			BestRound best = new BestRound(Long.MAX_VALUE, 0, 0);
			for (int round = 0; round < rounds; round++) {
				prepare.run();
				double cpuBefore = POSTGRES_CPU.seconds();
				long jvmBefore = Results.processCpuNanos();
				long nanos = timed.getAsLong();
				long jvm = Results.processCpuNanos() - jvmBefore;
				double cpu = POSTGRES_CPU.seconds() - cpuBefore;
				if (nanos < best.nanos) {
					best = new BestRound(nanos, cpu, jvm);
				}
			}
			return best;
		}

		/** Records writes/s and the costs per write; returns writes/s. */
		double report(Results results, String name, int writes) {
			double rate = Results.perSecond(writes, this.nanos);
			results.figure("writes/s", name, rate, "writes/s");
			results.figure("PostgreSQL CPU per write", name, this.postgresCpuSeconds * 1e6 / writes, "µs");
			results.figure("JVM CPU per write", name, this.jvmCpuNanos / 1e3 / writes, "µs");
			return rate;
		}

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
		execute(dataSource, "DROP TABLE IF EXISTS " + USER_TABLE + ", " + SESSION_TABLE + ", " + RAW_TABLE + ", "
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
