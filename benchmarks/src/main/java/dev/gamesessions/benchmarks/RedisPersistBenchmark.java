package dev.gamesessions.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gamesessions.store.redis.RedisUserDataStore;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Persisting ~1 KiB of user data per user to one local Redis, every contender in the same
 * run: our engine's write-behind path ({@link RedisUserDataStore}); Spring Session Data
 * Redis ({@link RedisSessionRepository#save}) on 1, 8 and 32 request threads; plain
 * pipelined {@code SET}s of the same JSON through {@code RedisTemplate} and through raw
 * Lettuce (no version check: what a write costs without one); and
 * {@code redis-benchmark}'s pipelined {@code SET}, the server's limit.
 * <p>
 * The contenders take turns: one warm-up round of each, then round after round of each in
 * the same order, so that whatever else the machine does falls on all of them alike. For
 * each, its median round gives writes/s, Redis commands per write ({@code INFO
 * commandstats}), Redis CPU per write ({@code INFO cpu}) and this JVM's CPU per write.
 * <p>
 * Options: {@code --users=30000} (ours and the pipelined SETs), {@code --peer-users=10000}
 * (Spring Session), {@code --rounds=5}, {@code --threads=1,8,32} (Spring Session sweep),
 * {@code --set-threads=2} and {@code --set-batch=500} (pipelined SETs),
 * {@code --only=ours,spring,template,lettuce,redis-benchmark}.
 */
public final class RedisPersistBenchmark {

	private static final String ENGINE_PREFIX = LocalServers.KEY_PREFIX + "gs:";

	private static final String SET_PREFIX = LocalServers.KEY_PREFIX + "set:";

	private static final String SPRING_SESSION_NAMESPACE = LocalServers.KEY_PREFIX + "spring:session";

	private static final String OURS = "ours: RedisUserDataStore via persistAllUserData";

	/** Ours with the encoding spread over two threads, through the public API. */
	private static final String OURS_TWO_THREADS = "ours: RedisUserDataStore via persistAsync() from 2 threads";

	private static final String SPRING_SESSION = "Spring Session Redis save, ";

	private RedisPersistBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int users = args.getInt("users", 30_000);
		int peerUsers = args.getInt("peer-users", 10_000);
		int rounds = args.getInt("rounds", 5);
		List<Integer> threads = Arrays.stream(args.get("threads", "1,8,32").split(",")).map(Integer::valueOf).toList();
		int setThreads = args.getInt("set-threads", 2);
		int setBatch = args.getInt("set-batch", 500);
		Set<String> only = Set.of(args.get("only", "ours,spring,template,lettuce,redis-benchmark").split(","));
		Results results = new Results("redis-persist");
		results.setting("users", users).setting("peerUsers", peerUsers).setting("rounds", rounds)
			.setting("springSessionThreads", threads).setting("setThreads", setThreads).setting("setBatch", setBatch)
			.setting("payloadBytes", Payload.encodedSize(Payload.player(0)))
			.setting("redis", LocalServers.REDIS_HOST + ":" + LocalServers.REDIS_PORT + "/" + LocalServers.REDIS_DATABASE);
		LettuceConnectionFactory redis = LocalServers.redis();
		LettuceConnectionFactory shared = LocalServers.redisShared();
		RedisCommandStats stats = new RedisCommandStats(redis);
		RedisTemplate<String, Object> template = template(shared);
		RedisClient lettuce = RedisClient.create(RedisURI.builder()
			.withHost(LocalServers.REDIS_HOST)
			.withPort(LocalServers.REDIS_PORT)
			.withDatabase(LocalServers.REDIS_DATABASE)
			.build());
		List<StatefulRedisConnection<byte[], byte[]>> lettuceConnections = new ArrayList<>();
		deleteBenchmarkKeys(template);
		try (EngineUsers engine = only.contains("ours")
				? new EngineUsers(new RedisUserDataStore(redis, ENGINE_PREFIX), "user-", users, false) : null) {
			List<Contender> contenders = new ArrayList<>();
			if (engine != null) {
				engine.persistAll(); // first writes: the users' records are created
				engine.meanBatchSizeSinceLastCall();
				contenders.add(new Contender(OURS, engine::mutateAll, engine::persistAll));
				contenders.add(new Contender(OURS_TWO_THREADS, engine::mutateAll, () -> engine.persistAllOn(2)));
			}
			if (only.contains("spring")) {
				RedisSessionRepository repository = new RedisSessionRepository(template);
				repository.setRedisKeyNamespace(SPRING_SESSION_NAMESPACE);
				SpringSessions<?> sessions = new SpringSessions<>(repository, peerUsers);
				for (int count : threads) {
					contenders.add(new Contender(SPRING_SESSION + count + " threads", () -> {
					}, () -> sessions.saveAll(count)));
				}
			}
			SetWriters writers = new SetWriters(users);
			if (only.contains("template")) {
				contenders.add(new Contender("RedisTemplate pipelined SET, " + setThreads + " threads, " + setBatch
						+ " per pipeline", writers::mutateAll, templatePipelinedSet(redis, writers, setThreads, setBatch)));
			}
			if (only.contains("lettuce")) {
				for (int t = 0; t < setThreads; t++) {
					StatefulRedisConnection<byte[], byte[]> connection = lettuce.connect(ByteArrayCodec.INSTANCE);
					connection.setAutoFlushCommands(false);
					lettuceConnections.add(connection);
				}
				contenders.add(new Contender("Lettuce pipelined SET, " + setThreads + " threads, " + setBatch
						+ " per flush", writers::mutateAll, lettucePipelinedSet(lettuceConnections, writers, setBatch)));
			}
			Map<String, Round> best = Round.interleaved(rounds, stats, contenders);
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
				best.get(springBest).report(results, "Spring Session: RedisSessionRepository.save, best ("
						+ springBest.substring(SPRING_SESSION.length()) + ")", peerUsers);
			}
			for (Contender contender : contenders) {
				if (!contender.name().equals(OURS) && !contender.name().equals(OURS_TWO_THREADS)
						&& !contender.name().startsWith(SPRING_SESSION)) {
					best.get(contender.name()).report(results, contender.name(), users);
				}
			}
			deleteBenchmarkKeys(template);
			double limit = only.contains("redis-benchmark") ? pipelinedSetLimit(stats, results) : Double.NaN;
			results.figure("ratio", "ours / Spring Session saves (best thread count)", ours / spring, "x");
			results.figure("ratio", "ours / redis-benchmark SET -P 16", ours / limit, "x");
		}
		finally {
			lettuceConnections.forEach(StatefulRedisConnection::close);
			lettuce.shutdown();
			deleteBenchmarkKeys(template);
			redis.destroy();
			shared.destroy();
		}
		results.write();
	}

	/**
	 * {@code SET} of each player's JSON (encoded in the timed part, as ours is) through
	 * {@code RedisTemplate.executePipelined}, {@code batch} per pipeline, on {@code threads}
	 * threads: what a write costs without any version check.
	 */
	private static LongSupplier templatePipelinedSet(LettuceConnectionFactory redis, SetWriters writers, int threads,
			int batch) {
		RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
		template.setConnectionFactory(redis);
		template.setEnableDefaultSerializer(false);
		template.afterPropertiesSet();
		int users = writers.keys.length;
		return () -> Parallel.timeRanges(threads, users, (from, to) -> {
			for (int start = from; start < to; start += batch) {
				int first = start;
				int end = Math.min(to, start + batch);
				template.executePipelined((RedisCallback<Object>) (connection) -> {
					for (int i = first; i < end; i++) {
						connection.stringCommands().set(writers.keys[i], Payload.encode(writers.players.get(i)));
					}
					return null;
				});
			}
		});
	}

	/**
	 * The same {@code SET}s through raw Lettuce: one connection per thread, commands
	 * buffered and flushed once per {@code batch}, then awaited.
	 */
	private static LongSupplier lettucePipelinedSet(List<StatefulRedisConnection<byte[], byte[]>> connections,
			SetWriters writers, int batch) {
		int threads = connections.size();
		int users = writers.keys.length;
		return () -> Parallel.timeRanges(threads, users, (from, to) -> {
			StatefulRedisConnection<byte[], byte[]> connection = connections.get((int) ((long) from * threads / users));
			RedisAsyncCommands<byte[], byte[]> async = connection.async();
			for (int start = from; start < to; start += batch) {
				int end = Math.min(to, start + batch);
				List<RedisFuture<String>> futures = new ArrayList<>(end - start);
				for (int i = start; i < end; i++) {
					futures.add(async.set(writers.keys[i], Payload.encode(writers.players.get(i))));
				}
				connection.flushCommands();
				if (!LettuceFutures.awaitAll(1, TimeUnit.MINUTES, futures.toArray(new RedisFuture<?>[0]))) {
					throw new IllegalStateException("Lettuce SETs did not complete in a minute");
				}
			}
		});
	}

	/** Keys and players for the plain {@code SET} writers. */
	private static final class SetWriters {

		final byte[][] keys;

		final List<Map<String, Object>> players;

		private int round;

		SetWriters(int users) {
			this.keys = new byte[users][];
			this.players = new ArrayList<>(users);
			for (int i = 0; i < users; i++) {
				this.keys[i] = (SET_PREFIX + "user-" + i).getBytes(StandardCharsets.UTF_8);
				this.players.add(Payload.player(i));
			}
		}

		void mutateAll() {
			this.round++;
			this.players.forEach((player) -> Payload.mutate(player, this.round));
		}

	}

	/**
	 * One round of a contender, with the Redis commands and CPU and this JVM's CPU
	 * used during it.
	 */
	private record Round(long nanos, Map<String, Long> commands, double redisCpuSeconds, long jvmCpuNanos) {

		/**
		 * One warm-up round of every contender, then {@code rounds} rounds of each, taking
		 * turns; the median round of each, by name (less at the mercy of a quiet or a busy
		 * moment of the machine than the best).
		 */
		static Map<String, Round> interleaved(int rounds, RedisCommandStats stats, List<Contender> contenders) {
			Map<String, List<Round>> all = new LinkedHashMap<>();
			for (int round = 0; round <= rounds; round++) {
				for (Contender contender : contenders) {
					contender.prepare().run();
					Map<String, Long> before = stats.snapshot();
					double cpuBefore = stats.cpuSeconds();
					long jvmBefore = Results.processCpuNanos();
					long nanos = contender.timed().getAsLong();
					long jvm = Results.processCpuNanos() - jvmBefore;
					double cpu = stats.cpuSeconds() - cpuBefore;
					if (round > 0) {
						all.computeIfAbsent(contender.name(), (name) -> new ArrayList<>()).add(new Round(nanos, stats.since(before), cpu, jvm));
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
			results.figure("commands per write", name, RedisCommandStats.total(this.commands) / (double) writes,
					"commands");
			results.figure("Redis CPU per write", name, this.redisCpuSeconds * 1e6 / writes, "µs");
			results.figure("Redis busy", name, this.redisCpuSeconds * 1e9 / this.nanos, "share of one core");
			results.figure("JVM CPU per write", name, this.jvmCpuNanos / 1e3 / writes, "µs");
			results.setting("commands: " + name, this.commands);
			return rate;
		}

	}

	private static final Pattern SET_RATE = Pattern.compile("SET: ([0-9.]+) requests per second");

	/**
	 * {@code redis-benchmark -t set -d 1024 -P 16 -n 100000 -q} against the benchmark database.
	 */
	private static double pipelinedSetLimit(RedisCommandStats stats, Results results)
			throws IOException, InterruptedException {
		List<String> command = List.of("redis-benchmark", "-h", LocalServers.REDIS_HOST, "-p",
				String.valueOf(LocalServers.REDIS_PORT), "--dbnum", String.valueOf(LocalServers.REDIS_DATABASE),
				"-t", "set", "-d", "1024", "-P", "16", "-n", "100000", "-q");
		results.setting("redisBenchmarkCommand", String.join(" ", command));
		double cpuBefore = stats.cpuSeconds();
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
		double cpu = stats.cpuSeconds() - cpuBefore;
		results.figure("writes/s", "redis-benchmark SET -d 1024 -P 16", rate, "writes/s");
		results.figure("commands per write", "redis-benchmark SET -d 1024 -P 16", 1, "commands");
		results.figure("Redis CPU per write", "redis-benchmark SET -d 1024 -P 16", cpu * 1e6 / 100_000, "µs");
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
