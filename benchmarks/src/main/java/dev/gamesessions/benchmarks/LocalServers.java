package dev.gamesessions.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

/**
 * Connections to the local Redis and PostgreSQL servers the benchmarks use. Redis: a
 * dedicated database (15 by default) and key prefix {@value #KEY_PREFIX}; PostgreSQL:
 * tables whose names start with {@code bench_}, dropped afterwards.
 */
final class LocalServers {

	static final String KEY_PREFIX = "bench:";

	static final String REDIS_HOST = System.getProperty("bench.redis.host", "127.0.0.1");

	static final int REDIS_PORT = Integer.getInteger("bench.redis.port", 6379);

	static final int REDIS_DATABASE = Integer.getInteger("bench.redis.database", 15);

	static final String POSTGRES_URL = System.getProperty("bench.postgres.url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private LocalServers() {
	}

	/**
	 * A pooled Lettuce factory, the set-up docs/redis-store.md recommends for production.
	 */
	static LettuceConnectionFactory redis() {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(REDIS_HOST, REDIS_PORT);
		server.setDatabase(REDIS_DATABASE);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(server,
				LettucePoolingClientConfiguration.builder().build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * An unpooled Lettuce factory: every thread shares one native connection, Lettuce's
	 * default and its best set-up for many threads sending single commands (Spring Session).
	 */
	static LettuceConnectionFactory redisShared() {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(REDIS_HOST, REDIS_PORT);
		server.setDatabase(REDIS_DATABASE);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(server);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	static HikariDataSource postgres() {
		return postgres(4, false);
	}

	/**
	 * A pool of {@code connections} connections; {@code reWriteBatchedInserts} makes the
	 * driver send a JDBC batch of one {@code INSERT} as multi-row {@code INSERT}s.
	 */
	static HikariDataSource postgres(int connections, boolean reWriteBatchedInserts) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(POSTGRES_URL);
		config.setUsername(System.getProperty("bench.postgres.user", "postgres"));
		config.setMaximumPoolSize(connections);
		if (reWriteBatchedInserts) {
			config.addDataSourceProperty("reWriteBatchedInserts", "true");
		}
		return new HikariDataSource(config);
	}

}
