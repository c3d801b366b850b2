package dev.gamesessions.benchmarks;

import java.util.function.DoubleSupplier;

import com.zaxxer.hikari.HikariDataSource;
import dev.gamesessions.SessionManager;
import dev.gamesessions.store.NoOpUserDataStore;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.jdbc.JdbcSchemaInitializer;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;
import dev.gamesessions.store.redis.RedisUserDataStore;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * How long {@link SessionManager#close()} takes to flush many dirty users (persistence
 * trigger {@code shutdown}) to Redis and to PostgreSQL. The users are written once
 * first, then all changed, so the flush updates existing records as a live server would.
 * <p>
 * Options: {@code --users=100000}, {@code --warmups=3} (untimed closes of 20,000 users
 * first, each with its own manager and the same store), {@code --only=redis,postgres}
 * (which servers; {@code none} adds a store that writes nothing, the engine's own cost).
 */
public final class ShutdownFlushBenchmark {

	private ShutdownFlushBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int users = args.getInt("users", 100_000);
		String only = args.get("only", "redis,postgres");
		int warmups = args.getInt("warmups", 3);
		Results results = new Results("shutdown-flush");
		results.setting("users", users)
			.setting("warmups", warmups)
			.setting("payloadBytes", Payload.encodedSize(Payload.player(0)));
		if (only.contains("none")) {
			flush("no store", new NoOpUserDataStore(), users, warmups, () -> 0, results);
		}
		if (only.contains("redis")) {
			flushToRedis(users, warmups, results);
		}
		if (only.contains("postgres")) {
			flushToPostgres(users, warmups, results);
		}
		results.write();
	}

	private static void flushToRedis(int users, int warmups, Results results) throws Exception {
		LettuceConnectionFactory redis = LocalServers.redis();
		StringRedisTemplate template = new StringRedisTemplate(redis);
		try {
			String prefix = LocalServers.KEY_PREFIX + "shutdown:";
			RedisCommandStats stats = new RedisCommandStats(redis);
			flush("Redis", new RedisUserDataStore(redis, prefix), users, warmups, stats::cpuSeconds,
					results);
			template.delete(template.keys(prefix + "*"));
		}
		finally {
			redis.destroy();
		}
	}

	private static void flushToPostgres(int users, int warmups, Results results) throws Exception {
		try (HikariDataSource dataSource = LocalServers.postgres()) {
			JdbcPersistBenchmark.dropTables(dataSource);
			try {
				JdbcSchemaInitializer.initialize(dataSource, null, JdbcPersistBenchmark.USER_TABLE,
						JdbcPersistBenchmark.SESSION_TABLE);
				flush("PostgreSQL", new JdbcUserDataStore(dataSource, null, JdbcPersistBenchmark.USER_TABLE), users,
						warmups, new ServerCpu("postgres")::seconds, results);
			}
			finally {
				JdbcPersistBenchmark.dropTables(dataSource);
			}
		}
	}

	/**
	 * Times {@code close()} and records the server's and this JVM's CPU time per write
	 * during it.
	 */
	private static void flush(String server, UserDataStore store, int users, int warmups,
			DoubleSupplier serverCpuSeconds, Results results) {
		int warmupUsers = Math.min(users, 20_000);
		// A server that has run a while has compiled the paths its shutdown takes (sessions
		// ending, user data written); a first close() in a fresh JVM would also time the JIT.
		for (int round = 0; round < warmups; round++) {
			try (EngineUsers warmup = new EngineUsers(store, "warmup-" + round + "-", warmupUsers, true)) {
				warmup.persistAll();
				warmup.mutateAll();
				warmup.timeClose();
			}
		}
		try (EngineUsers engine = new EngineUsers(store, "user-", users, true)) {
			engine.persistAll();
			engine.mutateAll();
			engine.meanBatchSizeSinceLastCall();
			// Settle the heap as a long-running server's is: the first write's encoded data,
			// which each record keeps to spot unchanged users, is not left for close() to copy.
			System.gc();
			double serverBefore = serverCpuSeconds.getAsDouble();
			long jvmBefore = Results.processCpuNanos();
			long nanos = engine.timeClose();
			long jvm = Results.processCpuNanos() - jvmBefore;
			double serverCpu = serverCpuSeconds.getAsDouble() - serverBefore;
			results.figure(server + " CPU per write", "close(), " + server, serverCpu * 1e6 / users, "µs");
			results.figure("JVM CPU per write", "close(), " + server, jvm / 1e3 / users, "µs");
			results.figure("batch size", "users per store call during close(), " + server,
					engine.meanBatchSizeSinceLastCall(), "users");
			results.figure("seconds", "close() flushing " + users + " dirty users to " + server, nanos / 1e9, "s");
			results.figure("writes/s", "shutdown flush to " + server, Results.perSecond(users, nanos), "writes/s");
		}
	}

}
