package dev.gamesessions.benchmarks;

import java.util.function.DoubleSupplier;

import com.zaxxer.hikari.HikariDataSource;
import dev.gamesessions.SessionManager;
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
 * Options: {@code --users=100000}.
 */
public final class ShutdownFlushBenchmark {

	private ShutdownFlushBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int users = args.getInt("users", 100_000);
		Results results = new Results("shutdown-flush");
		results.setting("users", users).setting("payloadBytes", Payload.encodedSize(Payload.player(0)));
		LettuceConnectionFactory redis = LocalServers.redis();
		StringRedisTemplate template = new StringRedisTemplate(redis);
		try {
			String prefix = LocalServers.KEY_PREFIX + "shutdown:";
			RedisCommandStats stats = new RedisCommandStats(redis);
			flush("Redis", new RedisUserDataStore(redis, prefix), users, stats::cpuSeconds, results);
			template.delete(template.keys(prefix + "*"));
		}
		finally {
			redis.destroy();
		}
		try (HikariDataSource dataSource = LocalServers.postgres()) {
			JdbcPersistBenchmark.dropTables(dataSource);
			try {
				JdbcSchemaInitializer.initialize(dataSource, null, JdbcPersistBenchmark.USER_TABLE,
						JdbcPersistBenchmark.SESSION_TABLE);
				flush("PostgreSQL", new JdbcUserDataStore(dataSource, null, JdbcPersistBenchmark.USER_TABLE), users,
						new ServerCpu("postgres")::seconds, results);
			}
			finally {
				JdbcPersistBenchmark.dropTables(dataSource);
			}
		}
		results.write();
	}

	/**
	 * Times {@code close()} and records the server's and this JVM's CPU time per write
	 * during it.
	 */
	private static void flush(String server, UserDataStore store, int users, DoubleSupplier serverCpuSeconds,
			Results results) {
		try (EngineUsers engine = new EngineUsers(store, "user-", users, true)) {
			engine.persistAll();
			engine.mutateAll();
			engine.meanBatchSizeSinceLastCall();
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
