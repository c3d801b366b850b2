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
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * JDBC ({@link JdbcIndexedSessionRepository#save}, Jackson converter) on 1, 8 and 32
 * request threads, each save its own transaction; and a raw JDBC batch upsert of the same
 * JSON ({@code INSERT … ON CONFLICT DO UPDATE}, no version check,
 * {@code reWriteBatchedInserts=true}, one transaction per batch). The contenders take
 * turns (see {@link Contender}); for each, its median round gives writes/s, PostgreSQL CPU
 * per write (all {@code postgres} processes, from {@code /proc}) and this JVM's CPU per
 * write. Every table is created under a {@code bench_} name and dropped afterwards.
 * <p>
 * Options: {@code --users=30000} (ours and raw), {@code --peer-users=4000} (Spring
 * Session), {@code --rounds=5}, {@code --threads=1,8,32} (Spring Session sweep),
 * {@code --raw-threads=2}, {@code --raw-batch=500}, {@code --only=ours,spring,raw}.
 */
public final class JdbcPersistBenchmark {

	static final String USER_TABLE = "bench_game_user_data";

	static final String SESSION_TABLE = "bench_game_session_data";

	private static final String RAW_TABLE = "bench_raw_user_data";

	private static final String SPRING_SESSION_TABLE = "BENCH_SPRING_SESSION";

	private static final String OURS = "ours: JdbcUserDataStore via persistAllUserData";

	/** Ours with the encoding spread over two threads, through the public API. */
	private static final String OURS_TWO_THREADS = "ours: JdbcUserDataStore via persistAsync() from 2 threads";

	private static final String SPRING_SESSION = "Spring Session JDBC save, ";

	private JdbcPersistBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int users = args.getInt("users", 30_000);
		int peerUsers = args.getInt("peer-users", 4_000);
		int rounds = args.getInt("rounds", 5);
		List<Integer> threads = Arrays.stream(args.get("threads", "1,8,32").split(",")).map(Integer::valueOf).toList();
		int rawThreads = args.getInt("raw-threads", 2);
		int rawBatch = args.getInt("raw-batch", 500);
		Set<String> only = Set.of(args.get("only", "ours,spring,raw").split(","));
		Results results = new Results("postgres-persist");
		results.setting("users", users).setting("peerUsers", peerUsers).setting("rounds", rounds)
			.setting("springSessionThreads", threads).setting("rawThreads", rawThreads).setting("rawBatch", rawBatch)
			.setting("payloadBytes", Payload.encodedSize(Payload.player(0)))
			.setting("postgres", LocalServers.POSTGRES_URL);
		try (HikariDataSource dataSource = LocalServers.postgres();
				HikariDataSource springPool = LocalServers.postgres(Collections.max(threads), false);
				HikariDataSource rawPool = LocalServers.postgres(rawThreads, true)) {
			dropTables(dataSource);
			JdbcSchemaInitializer.initialize(dataSource, null, USER_TABLE, SESSION_TABLE);
			try (EngineUsers engine = only.contains("ours")
					? new EngineUsers(new JdbcUserDataStore(dataSource, null, USER_TABLE), "user-", users, false)
					: null) {
				List<Contender> contenders = new ArrayList<>();
				if (engine != null) {
					engine.persistAll(); // first writes: the users' rows are inserted
					engine.meanBatchSizeSinceLastCall();
					contenders.add(new Contender(OURS, engine::mutateAll, engine::persistAll));
				contenders.add(new Contender(OURS_TWO_THREADS, engine::mutateAll, () -> engine.persistAllOn(2)));
				}
				if (only.contains("spring")) {
					execute(dataSource, springSessionSchema());
					JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(
							new JdbcTemplate(springPool),
							new TransactionTemplate(new DataSourceTransactionManager(springPool)));
					repository.setTableName(SPRING_SESSION_TABLE);
					repository.setConversionService(jacksonConversion());
					SpringSessions<?> sessions = new SpringSessions<>(repository, peerUsers);
					for (int count : threads) {
						contenders.add(new Contender(SPRING_SESSION + count + " threads", () -> {
						}, () -> sessions.saveAll(count)));
					}
				}
				if (only.contains("raw")) {
					contenders.add(rawBatchUpsert(rawPool, users, rawThreads, rawBatch));
				}
				Map<String, Round> best = Round.interleaved(rounds, contenders);
				if (engine != null) {
					results.figure("batch size", "ours: users per store call", engine.meanBatchSizeSinceLastCall(),
							"users");
				}
				double ours = best.containsKey(OURS) ? best.get(OURS).report(results, OURS, users) : Double.NaN;
				if (best.containsKey(OURS_TWO_THREADS)) {
					best.get(OURS_TWO_THREADS).report(results, OURS_TWO_THREADS, users);
				}
				double spring = Double.NaN;
				String springBest = null;
				for (Contender contender : contenders) {
					if (contender.name().startsWith(SPRING_SESSION)) {
						double rate = Results.perSecond(peerUsers, best.get(contender.name()).nanos());
						results.figure("sweep", contender.name(), rate, "writes/s");
						if (Double.isNaN(spring) || rate > spring) {
							spring = rate;
							springBest = contender.name();
						}
					}
				}
				if (springBest != null) {
					results.setting("springSessionBest", springBest);
					best.get(springBest).report(results, "Spring Session JDBC: JdbcIndexedSessionRepository.save, best ("
							+ springBest.substring(SPRING_SESSION.length()) + ")", peerUsers);
				}
				double raw = Double.NaN;
				for (Contender contender : contenders) {
					if (!contender.name().equals(OURS) && !contender.name().equals(OURS_TWO_THREADS)
						&& !contender.name().startsWith(SPRING_SESSION)) {
						raw = best.get(contender.name()).report(results, contender.name(), users);
					}
				}
				results.figure("ratio", "ours / Spring Session JDBC saves (best thread count)", ours / spring, "x");
				results.figure("ratio", "ours / raw JDBC batch upsert", ours / raw, "x");
			}
			finally {
				dropTables(dataSource);
			}
		}
		results.write();
	}

	/**
	 * The same JSON written with a plain batch upsert, {@code batch} rows per transaction,
	 * on as many threads as the pool has connections, {@code reWriteBatchedInserts=true}
	 * (the driver sends a batch as multi-row {@code INSERT}s): what a write costs without a
	 * version check.
	 */
	private static Contender rawBatchUpsert(HikariDataSource pool, int users, int threads, int batch)
			throws SQLException {
		execute(pool, "CREATE TABLE " + RAW_TABLE + " (user_id VARCHAR(256) NOT NULL PRIMARY KEY, "
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
		return new Contender("raw JDBC batch upsert, " + threads + " threads, " + batch + " per batch", () -> {
			round[0]++;
			players.forEach((player) -> Payload.mutate(player, round[0]));
		}, () -> Parallel.timeRanges(threads, users, (from, to) -> {
			try (Connection connection = pool.getConnection()) {
				connection.setAutoCommit(false);
				try (PreparedStatement statement = connection.prepareStatement(sql)) {
					for (int start = from; start < to; start += batch) {
						LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
						for (int i = start; i < Math.min(to, start + batch); i++) {
							statement.setString(1, "user-" + i);
							statement.setLong(2, round[0]);
							statement.setString(3, new String(Payload.encode(players.get(i)), StandardCharsets.UTF_8));
							statement.setObject(4, now);
							statement.addBatch();
						}
						statement.executeBatch();
						connection.commit();
					}
				}
			}
		}));
	}

	/**
	 * One round of a contender, with the PostgreSQL CPU and this JVM's CPU used
	 * during it.
	 */
	private record Round(long nanos, double postgresCpuSeconds, long jvmCpuNanos) {

		private static final ServerCpu POSTGRES_CPU = new ServerCpu("postgres");

		/**
		 * One warm-up round of every contender, then {@code rounds} rounds of each, taking
		 * turns; the median round of each, by name (less at the mercy of a quiet or a busy
		 * moment of the machine than the best).
		 */
		static Map<String, Round> interleaved(int rounds, List<Contender> contenders) {
			Map<String, List<Round>> all = new LinkedHashMap<>();
			for (int round = 0; round <= rounds; round++) {
				for (Contender contender : contenders) {
					contender.prepare().run();
					double cpuBefore = POSTGRES_CPU.seconds();
					long jvmBefore = Results.processCpuNanos();
					long nanos = contender.timed().getAsLong();
					long jvm = Results.processCpuNanos() - jvmBefore;
					double cpu = POSTGRES_CPU.seconds() - cpuBefore;
					if (round > 0) {
						all.computeIfAbsent(contender.name(), (name) -> new ArrayList<>()).add(new Round(nanos, cpu, jvm));
					}
				}
			}
			Map<String, Round> median = new LinkedHashMap<>();
			all.forEach((name, measured) -> {
				measured.sort(Comparator.comparingLong(Round::nanos));
				median.put(name, measured.get(measured.size() / 2));
			});
			return median;
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
