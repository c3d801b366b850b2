package dev.gamesessions.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gamesessions.CorruptDataPolicy;
import dev.gamesessions.PersistTrigger;
import dev.gamesessions.SingleSessionPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of game sessions.
 */
@ConfigurationProperties("game.sessions")
public class GameSessionsProperties {

	/**
	 * Where user data and session data are persisted. When not set, Redis is used if the
	 * application has a RedisConnectionFactory, else JDBC if it has a DataSource, else memory.
	 */
	private @Nullable StoreType store;

	/**
	 * How long a session lives without activity; also the time-to-live of session data.
	 */
	private Duration duration = Duration.ofHours(6);

	/**
	 * How often idle sessions and expired session data are pruned.
	 */
	private Duration pruneFrequency = Duration.ofMinutes(1);

	/**
	 * What happens when a user who has a live session identifies again.
	 */
	private SingleSessionPolicy singleSession = SingleSessionPolicy.KICK_PREVIOUS;

	/**
	 * How many live sessions this node holds at most; new ones past it are refused (HTTP 503
	 * at the WebSocket handshake and for @CurrentSession requests).
	 */
	private int maxSessions = 100_000;

	private final Persistence persistence = new Persistence();

	private final Reconnect reconnect = new Reconnect();

	private final SessionData sessionData = new SessionData();

	private final Cache cache = new Cache();

	private final UserData userData = new UserData();


	public @Nullable StoreType getStore() {
		return this.store;
	}

	public void setStore(@Nullable StoreType store) {
		this.store = store;
	}

	public Duration getDuration() {
		return this.duration;
	}

	public void setDuration(Duration duration) {
		this.duration = duration;
	}

	public int getMaxSessions() {
		return this.maxSessions;
	}

	public void setMaxSessions(int maxSessions) {
		this.maxSessions = maxSessions;
	}

	public Duration getPruneFrequency() {
		return this.pruneFrequency;
	}

	public void setPruneFrequency(Duration pruneFrequency) {
		this.pruneFrequency = pruneFrequency;
	}

	public SingleSessionPolicy getSingleSession() {
		return this.singleSession;
	}

	public void setSingleSession(SingleSessionPolicy singleSession) {
		this.singleSession = singleSession;
	}

	public Persistence getPersistence() {
		return this.persistence;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public SessionData getSessionData() {
		return this.sessionData;
	}

	public Cache getCache() {
		return this.cache;
	}

	public UserData getUserData() {
		return this.userData;
	}

	/**
	 * When and how user data is persisted.
	 */
	public static class Persistence {

		/**
		 * Moments at which user data is persisted: when a session disconnects or is destroyed,
		 * and when the application shuts down.
		 */
		private List<PersistTrigger> events = new ArrayList<>(List.of(PersistTrigger.DISCONNECT, PersistTrigger.SHUTDOWN));

		/**
		 * How often changed user data of live sessions is persisted; 0 disables it.
		 */
		private Duration interval = Duration.ofSeconds(30);

		/**
		 * Longest wait for queued user data writes when the application shuts down.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * Longest wait of Session.persistNow() for the write to be durable.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * Most users written in one store call.
		 */
		private int batchSize = 500;

		/**
		 * Most batches written at once, each by a writer thread of its own. A user's writes
		 * stay in order whatever this is.
		 */
		private int writeConcurrency = 2;

		/**
		 * First wait before retrying a failed write; doubles up to the maximum backoff.
		 */
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Longest wait between retries of failed writes.
		 */
		private Duration maxBackoff = Duration.ofSeconds(5);

		public List<PersistTrigger> getEvents() {
			return this.events;
		}

		public void setEvents(List<PersistTrigger> events) {
			this.events = events;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public int getWriteConcurrency() {
			return this.writeConcurrency;
		}

		public void setWriteConcurrency(int writeConcurrency) {
			this.writeConcurrency = writeConcurrency;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	/**
	 * Resuming a session after a dropped connection.
	 */
	public static class Reconnect {

		/**
		 * How long a disconnected session can be resumed with its resume token; 0 destroys it
		 * at once.
		 */
		private Duration grace = Duration.ofSeconds(30);

		public Duration getGrace() {
			return this.grace;
		}

		public void setGrace(Duration grace) {
			this.grace = grace;
		}

	}

	/**
	 * Session data: small values persisted by session id.
	 */
	public static class SessionData {

		/**
		 * Largest size of one session's data (names and JSON values).
		 */
		private DataSize maxSize = DataSize.ofKilobytes(4);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Local cache of user data whose sessions ended.
	 */
	public static class Cache {

		/**
		 * How many users' data is kept in the local cache after their sessions end; 0
		 * disables the cache.
		 */
		private long limit = 10_000;

		/**
		 * How long unused user data stays in the local cache.
		 */
		private Duration maxAge = Duration.ofMinutes(10);

		public long getLimit() {
			return this.limit;
		}

		public void setLimit(long limit) {
			this.limit = limit;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * The player's persistent data.
	 */
	public static class UserData {

		/**
		 * Type user data is decoded to: a record or class with a JSON form, or a Map.
		 */
		private Class<?> type = Map.class;

		/**
		 * What happens when stored user data cannot be decoded.
		 */
		private CorruptDataPolicy onCorrupt = CorruptDataPolicy.FAIL;

		public Class<?> getType() {
			return this.type;
		}

		public void setType(Class<?> type) {
			this.type = type;
		}

		public CorruptDataPolicy getOnCorrupt() {
			return this.onCorrupt;
		}

		public void setOnCorrupt(CorruptDataPolicy onCorrupt) {
			this.onCorrupt = onCorrupt;
		}

	}

}
