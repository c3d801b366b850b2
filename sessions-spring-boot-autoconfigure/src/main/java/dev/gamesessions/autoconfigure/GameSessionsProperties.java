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

	private final Persistence persistence = new Persistence();

	private final Reconnect reconnect = new Reconnect();

	private final SessionData sessionData = new SessionData();

	private final Cache cache = new Cache();

	private final UserData userData = new UserData();

	private final WebSocket websocket = new WebSocket();

	private final Http http = new Http();

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

	public WebSocket getWebsocket() {
		return this.websocket;
	}

	public Http getHttp() {
		return this.http;
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

	/**
	 * WebSocket connections of players.
	 */
	public static class WebSocket {

		/**
		 * Path of the game's WebSocket endpoint; when set, the endpoint is registered and every
		 * connection gets a session.
		 */
		private @Nullable String path;

		/**
		 * Origins allowed to open a WebSocket, as patterns (such as https://*.example.com); when
		 * empty, only pages of the same origin may connect. Clients that send no Origin header
		 * (native game clients) are allowed.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * When session data is loaded and saved.
		 */
		private WebSocketMode mode = WebSocketMode.PER_CONNECTION;

		/**
		 * What a handshake that names an unknown, expired or unreadable session gets.
		 */
		private InvalidSessionAction onInvalid = InvalidSessionAction.NEW_SESSION;

		/**
		 * Where the player's identity is taken from at the handshake, in order of precedence.
		 */
		private List<IdentitySource> identity = new ArrayList<>(List.of(IdentitySource.RESUME_TOKEN,
				IdentitySource.COOKIE, IdentitySource.HTTP_SESSION, IdentitySource.PRINCIPAL));

		/**
		 * Name of the query parameter carrying the resume token.
		 */
		private String resumeParameter = "resume";

		/**
		 * Name of the header carrying the resume token.
		 */
		private String resumeHeader = "X-Game-Session-Resume";

		/**
		 * Largest inbound message; a larger one closes the connection with code 1009. The
		 * container keeps buffers of this size for every connection, so raising it costs
		 * memory per player.
		 */
		private DataSize maxMessageSize = DataSize.ofKilobytes(8);

		/**
		 * How long a connection may send nothing before it is pinged (a connection that
		 * keeps sending is not pinged); 0 disables heartbeats and the idle timeout.
		 */
		private Duration heartbeat = Duration.ofSeconds(25);

		/**
		 * How long a connection may send nothing (no message, no pong) before it is closed
		 * with code 4003.
		 */
		private Duration idleTimeout = Duration.ofSeconds(60);

		/**
		 * Longest time one send to a player may take before the connection is closed.
		 */
		private Duration sendTimeLimit = Duration.ofSeconds(10);

		/**
		 * Most bytes queued for a player who reads slowly before the connection is closed.
		 */
		private DataSize sendBufferSize = DataSize.ofKilobytes(512);

		/**
		 * Whether the first message on each connection is a JSON "session" message with the
		 * session id and the resume token.
		 */
		private boolean welcome = true;

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public WebSocketMode getMode() {
			return this.mode;
		}

		public void setMode(WebSocketMode mode) {
			this.mode = mode;
		}

		public InvalidSessionAction getOnInvalid() {
			return this.onInvalid;
		}

		public void setOnInvalid(InvalidSessionAction onInvalid) {
			this.onInvalid = onInvalid;
		}

		public List<IdentitySource> getIdentity() {
			return this.identity;
		}

		public void setIdentity(List<IdentitySource> identity) {
			this.identity = identity;
		}

		public String getResumeParameter() {
			return this.resumeParameter;
		}

		public void setResumeParameter(String resumeParameter) {
			this.resumeParameter = resumeParameter;
		}

		public String getResumeHeader() {
			return this.resumeHeader;
		}

		public void setResumeHeader(String resumeHeader) {
			this.resumeHeader = resumeHeader;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getSendTimeLimit() {
			return this.sendTimeLimit;
		}

		public void setSendTimeLimit(Duration sendTimeLimit) {
			this.sendTimeLimit = sendTimeLimit;
		}

		public DataSize getSendBufferSize() {
			return this.sendBufferSize;
		}

		public void setSendBufferSize(DataSize sendBufferSize) {
			this.sendBufferSize = sendBufferSize;
		}

		public boolean isWelcome() {
			return this.welcome;
		}

		public void setWelcome(boolean welcome) {
			this.welcome = welcome;
		}

	}

	/**
	 * Sessions of plain HTTP requests, identified by a signed cookie.
	 */
	public static class Http {

		private final Cookie cookie = new Cookie();

		public Cookie getCookie() {
			return this.cookie;
		}

		/**
		 * The session cookie.
		 */
		public static class Cookie {

			/**
			 * Name of the session cookie.
			 */
			private String name = "GAMESESSION";

			/**
			 * Path of the session cookie.
			 */
			private String path = "/";

			/**
			 * Domain of the session cookie; the request's host when not set.
			 */
			private @Nullable String domain;

			/**
			 * Whether the cookie is sent over HTTPS only; when not set, it is when the request
			 * was secure.
			 */
			private @Nullable Boolean secure;

			/**
			 * Whether the cookie is hidden from scripts.
			 */
			private boolean httpOnly = true;

			/**
			 * SameSite attribute of the session cookie.
			 */
			private String sameSite = "Lax";

			/**
			 * Lifetime of the cookie; a browser-session cookie when not set.
			 */
			private @Nullable Duration maxAge;

			/**
			 * Secret that signs the cookie (at least 32 characters); set the same one on every
			 * node. When not set, a random secret is made at startup and cookies do not survive
			 * a restart.
			 */
			private @Nullable String secret;

			public String getName() {
				return this.name;
			}

			public void setName(String name) {
				this.name = name;
			}

			public String getPath() {
				return this.path;
			}

			public void setPath(String path) {
				this.path = path;
			}

			public @Nullable String getDomain() {
				return this.domain;
			}

			public void setDomain(@Nullable String domain) {
				this.domain = domain;
			}

			public @Nullable Boolean getSecure() {
				return this.secure;
			}

			public void setSecure(@Nullable Boolean secure) {
				this.secure = secure;
			}

			public boolean isHttpOnly() {
				return this.httpOnly;
			}

			public void setHttpOnly(boolean httpOnly) {
				this.httpOnly = httpOnly;
			}

			public String getSameSite() {
				return this.sameSite;
			}

			public void setSameSite(String sameSite) {
				this.sameSite = sameSite;
			}

			public @Nullable Duration getMaxAge() {
				return this.maxAge;
			}

			public void setMaxAge(@Nullable Duration maxAge) {
				this.maxAge = maxAge;
			}

			public @Nullable String getSecret() {
				return this.secret;
			}

			public void setSecret(@Nullable String secret) {
				this.secret = secret;
			}

		}

	}

}
