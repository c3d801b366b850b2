package dev.gamesessions.benchmarks;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Calls per command from {@code INFO commandstats}. The counters are server-wide: other
 * clients of the same server are counted too.
 */
final class RedisCommandStats {

	private final RedisConnectionFactory redis;

	RedisCommandStats(RedisConnectionFactory redis) {
		this.redis = redis;
	}

	Map<String, Long> snapshot() {
		Properties info;
		try (RedisConnection connection = this.redis.getConnection()) {
			info = connection.serverCommands().info("commandstats");
		}
		Map<String, Long> calls = new TreeMap<>();
		for (String name : info.stringPropertyNames()) {
			if (name.startsWith("cmdstat_")) {
				String value = info.getProperty(name);
				int start = value.indexOf("calls=") + "calls=".length();
				calls.put(name.substring("cmdstat_".length()), Long.parseLong(value.substring(start, value.indexOf(',', start))));
			}
		}
		return calls;
	}

	/**
	 * Calls made since {@code before}, without the {@code INFO} calls that took the snapshots.
	 */
	Map<String, Long> since(Map<String, Long> before) {
		Map<String, Long> delta = new TreeMap<>();
		snapshot().forEach((command, calls) -> {
			long made = calls - before.getOrDefault(command, 0L) - (command.equals("info") ? 1 : 0);
			if (made > 0) {
				delta.put(command, made);
			}
		});
		return delta;
	}

	/**
	 * CPU seconds the Redis server has used ({@code used_cpu_sys + used_cpu_user} of
	 * {@code INFO cpu}), all its threads.
	 */
	double cpuSeconds() {
		Properties info;
		try (RedisConnection connection = this.redis.getConnection()) {
			info = connection.serverCommands().info("cpu");
		}
		return Double.parseDouble(info.getProperty("used_cpu_sys")) + Double.parseDouble(info.getProperty("used_cpu_user"));
	}

	static long total(Map<String, Long> delta) {
		return delta.values().stream().mapToLong(Long::longValue).sum();
	}

}
