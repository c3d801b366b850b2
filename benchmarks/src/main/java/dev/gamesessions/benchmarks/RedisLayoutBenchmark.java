package dev.gamesessions.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import dev.gamesessions.store.redis.RedisUserDataStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What Redis spends per user on the store's conditional write and on the layouts and
 * scripts it could use instead (issue 18: a layout whose conditional write costs Redis
 * less). Each contender writes the same 1 KiB of JSON for every user, 64 users per script
 * call, pipelined; they take turns round by round and each reports its median round's
 * Redis CPU per user ({@code INFO cpu}, all of the server's work: reading the request,
 * the script, the reply).
 * <ul>
 * <li>the store: {@code RedisUserDataStore.saveAll} in batches of 500 (its script: {@code HGET}
 * of the version, {@code HSET} of format, version and data);</li>
 * <li>staging key + {@code RENAME}: the data goes with a plain {@code SET} to a staging key,
 * and the script, given only the versions, checks the version and renames the staging key
 * onto the data key (no data through Lua), or deletes it;</li>
 * <li>the floor of any script carrying the data: a script that does nothing with the same
 * keys and arguments as the store's, and one that only {@code HSET}s the data (no check);</li>
 * <li>plain pipelined {@code SET} of the data, no check.</li>
 * </ul>
 * Options: {@code --users=30000 --rounds=5}.
 */
public final class RedisLayoutBenchmark {

	private static final int USERS_PER_CALL = 64;

	private static final String NOTHING = "return 1";

	private static final String HSET_ONLY = """
			for i = 1, #KEYS do
				redis.call('HSET', KEYS[i], 'data', ARGV[2 * i])
			end
			return 1
			""";

	private static final String RENAME = """
			local out = {}
			for i = 1, #ARGV do
				local hash, staged, data = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
				local stored = redis.pcall('HGET', hash, 'version')
				if stored == ARGV[i] then
					local version = tonumber(stored) + 1
					redis.call('RENAME', staged, data)
					redis.call('HSET', hash, 'version', version)
					out[i] = version
				else
					redis.call('DEL', staged)
					out[i] = 0
				end
			end
			return out
			""";

	private RedisLayoutBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int users = args.getInt("users", 30_000);
		int rounds = args.getInt("rounds", 5);
		Results results = new Results("redis-layouts");
		results.setting("users", users).setting("rounds", rounds).setting("usersPerScriptCall", USERS_PER_CALL);
		byte[] data = Payload.encode(Payload.player(0));
		results.setting("payloadBytes", data.length);
		String prefix = LocalServers.KEY_PREFIX + "layouts:";
		LettuceConnectionFactory factory = LocalServers.redis();
		RedisClient client = RedisClient.create("redis://" + LocalServers.REDIS_HOST + ":" + LocalServers.REDIS_PORT
				+ "/" + LocalServers.REDIS_DATABASE);
		try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			RedisCommandStats stats = new RedisCommandStats(factory);
			Layouts layouts = new Layouts(connection, new RedisUserDataStore(factory, prefix + "store:"), prefix,
					users, data);
			Map<String, Runnable> contenders = new LinkedHashMap<>();
			contenders.put("the store's conditional write (HGET + HSET in a script)", layouts::store);
			contenders.put("staging key + RENAME (SET, then a script without the data)", layouts::rename);
			contenders.put("a script that does nothing, same keys and arguments", () -> layouts.script(NOTHING));
			contenders.put("a script that only HSETs the data (no check)", () -> layouts.script(HSET_ONLY));
			contenders.put("plain pipelined SET (no check)", layouts::set);
			layouts.seed();
			Map<String, List<double[]>> measured = new LinkedHashMap<>();
			for (int round = -1; round < rounds; round++) {
				for (Map.Entry<String, Runnable> contender : contenders.entrySet()) {
					double cpuBefore = stats.cpuSeconds();
					long start = System.nanoTime();
					contender.getValue().run();
					long nanos = System.nanoTime() - start;
					double cpu = stats.cpuSeconds() - cpuBefore;
					if (round >= 0) {
						measured.computeIfAbsent(contender.getKey(), (name) -> new ArrayList<>())
							.add(new double[] { cpu * 1e6 / users, Results.perSecond(users, nanos) });
					}
				}
			}
			measured.forEach((name, runs) -> {
				double[] cpu = runs.stream().mapToDouble((run) -> run[0]).sorted().toArray();
				double[] rate = runs.stream().mapToDouble((run) -> run[1]).sorted().toArray();
				results.figure("Redis CPU per write", name, cpu[cpu.length / 2], "µs");
				results.figure("writes/s (one connection)", name, rate[rate.length / 2], "writes/s");
			});
			StringRedisTemplate template = new StringRedisTemplate(factory);
			template.delete(template.keys(prefix + "*"));
		}
		finally {
			client.shutdown();
			factory.destroy();
		}
		results.write();
	}

	/** The contenders' writes of every user, each layout under keys of its own. */
	private static final class Layouts {

		private final StatefulRedisConnection<byte[], byte[]> connection;

		private final RedisAsyncCommands<byte[], byte[]> commands;

		private final RedisUserDataStore store;

		private final String prefix;

		private final int users;

		private final byte[] data;

		private final long[] storeVersions;

		private final long[] renameVersions;

		private final Map<String, String> shas = new LinkedHashMap<>();

		Layouts(StatefulRedisConnection<byte[], byte[]> connection, RedisUserDataStore store, String prefix,
				int users, byte[] data) {
			this.connection = connection;
			this.commands = connection.async();
			this.store = store;
			this.prefix = prefix;
			this.users = users;
			this.data = data;
			this.storeVersions = new long[users];
			this.renameVersions = new long[users];
		}

		/** Every layout's records exist, as for a game's returning players. */
		void seed() {
			store();
			Arrays.fill(this.renameVersions, 1);
			List<Future<?>> replies = new ArrayList<>();
			for (int user = 0; user < this.users; user++) {
				replies.add(this.commands.hset(key("rename:", user), Map.of(bytes("version"), bytes("1"))));
				replies.add(this.commands.set(key("rename-data:", user), this.data));
			}
			await(replies);
		}

		void store() {
			String json = new String(this.data, StandardCharsets.UTF_8);
			for (int from = 0; from < this.users; from += 500) {
				int to = Math.min(this.users, from + 500);
				List<UserDataWrite> writes = new ArrayList<>(to - from);
				for (int user = from; user < to; user++) {
					writes.add(new UserDataWrite("user-" + user, json, this.storeVersions[user]));
				}
				List<WriteResult> answers = this.store.saveAll(writes);
				for (int user = from; user < to; user++) {
					WriteResult answer = answers.get(user - from);
					if (answer.status() != WriteResult.Status.SAVED) {
						throw new IllegalStateException("The store refused user-" + user + ": " + answer);
					}
					this.storeVersions[user] = answer.storedVersion();
				}
			}
		}

		void rename() {
			String sha = sha(RENAME);
			pipelined(500, (sent) -> {
				for (int from = 0; from < this.users; from += USERS_PER_CALL) {
					int count = Math.min(USERS_PER_CALL, this.users - from);
					byte[][] keys = new byte[3 * count][];
					byte[][] versions = new byte[count][];
					for (int i = 0; i < count; i++) {
						int user = from + i;
						sent.accept(this.commands.set(key("rename-staged:", user), this.data));
						keys[3 * i] = key("rename:", user);
						keys[3 * i + 1] = key("rename-staged:", user);
						keys[3 * i + 2] = key("rename-data:", user);
						versions[i] = bytes(Long.toString(this.renameVersions[user]++));
					}
					sent.accept(this.commands.evalsha(sha, ScriptOutputType.MULTI, keys, versions));
				}
			});
		}

		/** A script over the store's keys and arguments: format, then data and version per user. */
		void script(String source) {
			String sha = sha(source);
			pipelined(8, (sent) -> {
				for (int from = 0; from < this.users; from += USERS_PER_CALL) {
					int count = Math.min(USERS_PER_CALL, this.users - from);
					byte[][] keys = new byte[count][];
					byte[][] arguments = new byte[1 + 2 * count][];
					arguments[0] = bytes("1");
					for (int i = 0; i < count; i++) {
						keys[i] = key("script:", from + i);
						arguments[1 + 2 * i] = this.data;
						arguments[2 + 2 * i] = bytes("1");
					}
					sent.accept(this.commands.evalsha(sha, ScriptOutputType.INTEGER, keys, arguments));
				}
			});
		}

		void set() {
			pipelined(500, (sent) -> {
				for (int user = 0; user < this.users; user++) {
					sent.accept(this.commands.set(key("set:", user), this.data));
				}
			});
		}

		/**
		 * Sends the commands {@code body} hands to its consumer, flushing the connection
		 * every {@code commandsPerFlush} of them, then waits for every reply.
		 */
		private void pipelined(int commandsPerFlush, Consumer<Consumer<Future<?>>> body) {
			List<Future<?>> replies = new ArrayList<>();
			this.connection.setAutoFlushCommands(false);
			try {
				body.accept((reply) -> {
					replies.add(reply);
					if (replies.size() % commandsPerFlush == 0) {
						this.connection.flushCommands();
					}
				});
				this.connection.flushCommands();
			}
			finally {
				this.connection.setAutoFlushCommands(true);
			}
			await(replies);
		}

		private String sha(String source) {
			return this.shas.computeIfAbsent(source, (script) -> {
				try {
					return this.commands.scriptLoad(bytes(script)).get();
				}
				catch (InterruptedException | ExecutionException ex) {
					throw new IllegalStateException("SCRIPT LOAD failed", ex);
				}
			});
		}

		private byte[] key(String layout, int user) {
			return bytes(this.prefix + layout + user);
		}

		private static byte[] bytes(String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}

		private static void await(List<Future<?>> replies) {
			try {
				for (Future<?> reply : replies) {
					reply.get();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("A write failed", ex.getCause());
			}
		}

	}

}
