package dev.gamesessions.autoconfigure.redis;

import java.time.Duration;
import java.nio.file.Path;

import dev.gamesessions.store.redis.RedisUserDataStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Redis stores of game sessions.
 */
@ConfigurationProperties("game.sessions.redis")
public class GameSessionsRedisProperties {

	/**
	 * Prefix of every key the stores write, so that several games can share one Redis.
	 */
	private String keyPrefix = RedisUserDataStore.DEFAULT_KEY_PREFIX;

	private final Embedded embedded = new Embedded();

	private final Directory directory = new Directory();

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Embedded getEmbedded() {
		return this.embedded;
	}

	/**
	 * An embedded Redis server started with the application, for development and samples.
	 */
	public Directory getDirectory() {
		return this.directory;
	}

	/**
	 * Cluster-wide user directory: which node holds each identified user.
	 */
	public static class Directory {

		/**
		 * Whether nodes sharing this Redis enforce the single-session policy across nodes and
		 * can locate and kick users on other nodes.
		 */
		private boolean enabled = true;

		/**
		 * Id of this node among the nodes sharing Redis; generated from the process name
		 * when not set.
		 */
		private @Nullable String nodeId;

		/**
		 * How long a node's directory entries outlive its last heartbeat (a crashed node's
		 * users are free again after it); heartbeats run every third of it.
		 */
		private Duration entryTimeToLive = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getNodeId() {
			return this.nodeId;
		}

		public void setNodeId(@Nullable String nodeId) {
			this.nodeId = nodeId;
		}

		public Duration getEntryTimeToLive() {
			return this.entryTimeToLive;
		}

		public void setEntryTimeToLive(Duration entryTimeToLive) {
			this.entryTimeToLive = entryTimeToLive;
		}

	}

	public static class Embedded {

		/**
		 * Whether to start an embedded Redis server with the application and connect to it
		 * instead of spring.data.redis.*. Needs com.github.codemonstur:embedded-redis and
		 * Spring Data Redis.
		 */
		private boolean enabled;

		/**
		 * Port the embedded Redis server listens on, on 127.0.0.1; 0 picks a free port.
		 */
		private int port;

		/**
		 * Directory where the embedded Redis server keeps an append-only file, so that data
		 * survives a restart. When not set, data lives in memory only.
		 */
		private @Nullable Path dataDirectory;

		/**
		 * Memory limit of the embedded Redis server. When not set, Redis has no limit.
		 */
		private @Nullable DataSize maxMemory;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public @Nullable Path getDataDirectory() {
			return this.dataDirectory;
		}

		public void setDataDirectory(@Nullable Path dataDirectory) {
			this.dataDirectory = dataDirectory;
		}

		public @Nullable DataSize getMaxMemory() {
			return this.maxMemory;
		}

		public void setMaxMemory(@Nullable DataSize maxMemory) {
			this.maxMemory = maxMemory;
		}

	}

}
