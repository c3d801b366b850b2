package dev.gamesessions.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gamesessions.store.redis.RedisUserDataStore;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Persisting ~1 KiB of user data per user to one local Redis: our engine's write-behind
 * path ({@link RedisUserDataStore}) against Spring Session Data Redis
 * ({@link RedisSessionRepository#save}) and against {@code redis-benchmark}'s pipelined
 * {@code SET}, the server's limit.
 * <p>
 * Options: {@code --users=10000} (engine and Spring Session), {@code --rounds=3} (timed
 * rounds; the best is reported).
 */
public final class RedisPersistBenchmark {

	private static final String ENGINE_PREFIX = LocalServers.KEY_PREFIX + "gs:";

	private static final String SPRING_SESSION_NAMESPACE = LocalServers.KEY_PREFIX + "spring:session";

	private RedisPersistBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int users = args.getInt("users", 10_000);
		int rounds = args.getInt("rounds", 3);
		Results results = new Results("redis-persist");
		results.setting("users", users).setting("rounds", rounds)
			.setting("payloadBytes", Payload.encodedSize(Payload.player(0)))
			.setting("redis", LocalServers.REDIS_HOST + ":" + LocalServers.REDIS_PORT + "/" + LocalServers.REDIS_DATABASE);
		LettuceConnectionFactory redis = LocalServers.redis();
		RedisCommandStats stats = new RedisCommandStats(redis);
		RedisTemplate<String, Object> template = template(redis);
		try {
			deleteBenchmarkKeys(template);
			double ours = engine(redis, stats, users, rounds, results);
			double spring = springSession(template, stats, users, rounds, results);
			double limit = pipelinedSetLimit(results);
			results.figure("ratio", "ours / Spring Session saves", ours / spring, "x");
			results.figure("ratio", "ours / pipelined SET limit", ours / limit, "x");
		}
		finally {
			deleteBenchmarkKeys(template);
			redis.destroy();
		}
		results.write();
	}

	private static double engine(LettuceConnectionFactory redis, RedisCommandStats stats, int users, int rounds,
			Results results) {
		try (EngineUsers engine = new EngineUsers(new RedisUserDataStore(redis, ENGINE_PREFIX), "user-", users,
				false)) {
			engine.persistAll(); // first writes: the users' records are created
			engine.meanBatchSizeSinceLastCall();
			BestRound best = BestRound.of(rounds, stats, engine::mutateAll, engine::persistAll);
			results.figure("batch size", "ours: users per store call", engine.meanBatchSizeSinceLastCall(), "users");
			return best.report(results, "ours: RedisUserDataStore via persistAllUserData",
					"ours: Redis commands per persisted user", users);
		}
	}

	private static double springSession(RedisTemplate<String, Object> template, RedisCommandStats stats, int users,
			int rounds, Results results) {
		RedisSessionRepository repository = new RedisSessionRepository(template);
		repository.setRedisKeyNamespace(SPRING_SESSION_NAMESPACE);
		SpringSessions<?> sessions = new SpringSessions<>(repository, users);
		BestRound best = BestRound.of(rounds, stats, () -> {
		}, sessions::saveAll);
		return best.report(results, "Spring Session: RedisSessionRepository.save",
				"Spring Session: Redis commands per save", users);
	}

	/**
	 * The fastest of several timed rounds, with the Redis commands made during it.
	 */
	private record BestRound(long nanos, Map<String, Long> commands) {

		static BestRound of(int rounds, RedisCommandStats stats, Runnable prepare, LongSupplier timed) {
			BestRound best = new BestRound(Long.MAX_VALUE, Map.of());
			for (int round = 0; round < rounds; round++) {
				prepare.run();
				Map<String, Long> before = stats.snapshot();
				long nanos = timed.getAsLong();
				if (nanos < best.nanos) {
					best = new BestRound(nanos, stats.since(before));
				}
			}
			return best;
		}

		/** Records writes/s and commands per write; returns writes/s. */
		double report(Results results, String rateName, String commandsName, int writes) {
			double rate = Results.perSecond(writes, this.nanos);
			results.figure("writes/s", rateName, rate, "writes/s");
			results.figure("commands", commandsName, RedisCommandStats.total(this.commands) / (double) writes,
					"commands");
			results.setting(commandsName, this.commands);
			return rate;
		}

	}

	private static final Pattern SET_RATE = Pattern.compile("SET: ([0-9.]+) requests per second");

	/**
	 * {@code redis-benchmark -t set -d 1024 -P 16 -n 100000 -q} against the benchmark database.
	 */
	private static double pipelinedSetLimit(Results results) throws IOException, InterruptedException {
		List<String> command = List.of("redis-benchmark", "-h", LocalServers.REDIS_HOST, "-p",
				String.valueOf(LocalServers.REDIS_PORT), "--dbnum", String.valueOf(LocalServers.REDIS_DATABASE),
				"-t", "set", "-d", "1024", "-P", "16", "-n", "100000", "-q");
		results.setting("redisBenchmarkCommand", String.join(" ", command));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("redis-benchmark failed: " + output);
		}
		Matcher matcher = SET_RATE.matcher(output);
		double rate = Double.NaN;
		while (matcher.find()) {
			rate = Double.parseDouble(matcher.group(1));
		}
		if (Double.isNaN(rate)) {
			throw new IllegalStateException("No SET rate in redis-benchmark's output: " + output);
		}
		results.figure("writes/s", "redis-benchmark SET -d 1024 -P 16", rate, "writes/s");
		return rate;
	}

	private static RedisTemplate<String, Object> template(LettuceConnectionFactory redis) {
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		template.setConnectionFactory(redis);
		template.setKeySerializer(RedisSerializer.string());
		template.setHashKeySerializer(RedisSerializer.string());
		GenericJacksonJsonRedisSerializer json = GenericJacksonJsonRedisSerializer.builder().build();
		template.setValueSerializer(json);
		template.setHashValueSerializer(json);
		template.afterPropertiesSet();
		return template;
	}

	/**
	 * Deletes our keys and the one key redis-benchmark writes ({@code key:__rand_int__}).
	 */
	private static void deleteBenchmarkKeys(RedisTemplate<String, Object> template) {
		template.delete(template.keys(LocalServers.KEY_PREFIX + "*"));
		template.delete("key:__rand_int__");
	}

}
