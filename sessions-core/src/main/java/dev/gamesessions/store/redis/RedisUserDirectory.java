package dev.gamesessions.store.redis;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.SingleSessionPolicy;
import dev.gamesessions.UserAlreadyOnlineException;
import dev.gamesessions.UserDirectory;
import dev.gamesessions.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * {@link UserDirectory} in Redis: one hash per identified user,
 * {@code {prefix}dir:{userId}} with fields {@code node}, {@code session} and
 * {@code since}, expiring after the entry time-to-live unless its node refreshes it. Claims
 * and releases are Lua scripts on that one key (cluster-safe). Kick requests and their
 * answers travel on one pub/sub channel per node, {@code {prefix}node:{nodeId}}: a node
 * only receives what is addressed to it.
 */
public final class RedisUserDirectory implements UserDirectory {

	private static final Logger logger = LoggerFactory.getLogger(RedisUserDirectory.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	/** ARGV: node, session, since, ttl millis, policy. */
	private static final RedisScript<?> CLAIM_SCRIPT = RedisScript.of("""
			local current = redis.call('HMGET', KEYS[1], 'node', 'session', 'since')
			local mine = current[1] == ARGV[1] and current[2] == ARGV[2]
			if current[1] and not mine and ARGV[5] == 'REJECT_NEW' then
			  return {'REJECT', current[1], current[2], current[3]}
			end
			local left = redis.call('PTTL', KEYS[1])
			redis.call('HSET', KEYS[1], 'node', ARGV[1], 'session', ARGV[2], 'since', ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			if current[1] and not mine then
			  return {'REPLACED', current[1], current[2], current[3], left}
			end
			return {'CLAIMED'}
			""");

	/** ARGV: node, session. */
	private static final RedisScript<?> RELEASE_SCRIPT = RedisScript.of("""
			local current = redis.call('HMGET', KEYS[1], 'node', 'session')
			if current[1] == ARGV[1] and current[2] == ARGV[2] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0
			""");

	/** ARGV: node, old session, new session. */
	private static final RedisScript<?> RENAME_SCRIPT = RedisScript.of("""
			local current = redis.call('HMGET', KEYS[1], 'node', 'session')
			if current[1] == ARGV[1] and current[2] == ARGV[2] then
			  redis.call('HSET', KEYS[1], 'session', ARGV[3])
			  return 1
			end
			return 0
			""");

	/**
	 * ARGV: node, session, previous node, previous session, previous since, previous time
	 * left in milliseconds (the entry is deleted when none is left: a retried login must
	 * never keep a dead node's entry alive).
	 */
	private static final RedisScript<?> REVERT_SCRIPT = RedisScript.of("""
			local current = redis.call('HMGET', KEYS[1], 'node', 'session')
			if current[1] == ARGV[1] and current[2] == ARGV[2] then
			  if tonumber(ARGV[6]) <= 0 then
			    return redis.call('DEL', KEYS[1])
			  end
			  redis.call('HSET', KEYS[1], 'node', ARGV[3], 'session', ARGV[4], 'since', ARGV[5])
			  redis.call('PEXPIRE', KEYS[1], ARGV[6])
			  return 1
			end
			return 0
			""");

	/**
	 * ARGV: node, session, ttl millis, now millis. Answers 1 when extended, 2 when the entry
	 * had gone (expired while this node or Redis was stalled, or lost with a Redis restart)
	 * and was put back, 0 when another session holds the user.
	 */
	private static final RedisScript<?> REFRESH_SCRIPT = RedisScript.of("""
			local current = redis.call('HMGET', KEYS[1], 'node', 'session')
			if current[1] == ARGV[1] and current[2] == ARGV[2] then
			  return redis.call('PEXPIRE', KEYS[1], ARGV[3])
			end
			if not current[1] then
			  redis.call('HSET', KEYS[1], 'node', ARGV[1], 'session', ARGV[2], 'since', ARGV[4])
			  redis.call('PEXPIRE', KEYS[1], ARGV[3])
			  return 2
			end
			return 0
			""");

	private final RedisAccess redis;

	private final RedisConnectionFactory connectionFactory;

	private final String nodeId;

	private final Duration entryTimeToLive;

	private final Clock clock;

	private final Map<String, CompletableFuture<Void>> pendingKicks = new ConcurrentHashMap<>();

	/**
	 * When each entry this node replaced would have expired (nanoTime), by user and claiming
	 * session, so that giving it back ({@link #revert}) keeps its time and nothing more.
	 */
	private final Map<String, Long> replacedExpiries = new ConcurrentHashMap<>();

	private volatile @Nullable RedisMessageListenerContainer listener;

	/**
	 * A directory with a generated node id and a 30 second entry time-to-live.
	 * @param connectionFactory the Redis connections
	 * @param keyPrefix prefix of every key and channel, such as {@code gs:}
	 */
	public RedisUserDirectory(RedisConnectionFactory connectionFactory, String keyPrefix) {
		this(connectionFactory, keyPrefix, generateNodeId(), Duration.ofSeconds(30), Clock.systemUTC());
	}

	/**
	 * A directory.
	 * @param connectionFactory the Redis connections
	 * @param keyPrefix prefix of every key and channel, such as {@code gs:}
	 * @param nodeId this node's id, unique in the cluster
	 * @param entryTimeToLive how long an entry outlives its node's last heartbeat; entries
	 * are refreshed every third of it
	 * @param clock the clock for entry times
	 */
	public RedisUserDirectory(RedisConnectionFactory connectionFactory, String keyPrefix, String nodeId,
			Duration entryTimeToLive, Clock clock) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.redis = new RedisAccess(connectionFactory, keyPrefix);
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
		if (nodeId.isBlank() || nodeId.contains(":")) {
			throw new IllegalArgumentException("nodeId must be non-blank and without ':' but was '" + nodeId + "'");
		}
		if (entryTimeToLive.toMillis() < 300) {
			throw new IllegalArgumentException("entryTimeToLive must be at least 300ms but was " + entryTimeToLive);
		}
		this.entryTimeToLive = entryTimeToLive;
		this.clock = clock;
	}

	/**
	 * A node id made of the host's process name and random characters.
	 * @return a new node id
	 */
	public static String generateNodeId() {
		String process = ManagementFactory.getRuntimeMXBean().getName().replace(':', '-');
		return process + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	public String nodeId() {
		return this.nodeId;
	}

	@Override
	public @Nullable Entry claim(String userId, String sessionId, SingleSessionPolicy policy) {
		String key = key(userId);
		List<?> answer = this.redis.execute("claim user in the directory", key,
				(connection) -> RedisAccess.eval(connection, CLAIM_SCRIPT, ReturnType.MULTI, RedisAccess.bytes(key),
						RedisAccess.bytes(this.nodeId), RedisAccess.bytes(sessionId),
						RedisAccess.bytes(Long.toString(this.clock.millis())),
						RedisAccess.bytes(Long.toString(this.entryTimeToLive.toMillis())),
						RedisAccess.bytes(policy.name())));
		String outcome = text(answer.get(0));
		if (outcome.equals("CLAIMED")) {
			return null;
		}
		Entry previous = new Entry(userId, text(answer.get(1)), text(answer.get(2)),
				Instant.ofEpochMilli(Long.parseLong(text(answer.get(3)))));
		if (outcome.equals("REPLACED") && answer.size() > 4) {
			long left = Long.parseLong(text(answer.get(4)));
			this.replacedExpiries.put(userId + " " + sessionId,
					(left > 0) ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(left) : System.nanoTime());
		}
		if (outcome.equals("REJECT")) {
			throw new UserAlreadyOnlineException(
					"User '" + userId + "' already has a live session on node " + previous.nodeId());
		}
		return previous;
	}

	@Override
	public void release(String userId, String sessionId) {
		this.replacedExpiries.remove(userId + " " + sessionId);
		String key = key(userId);
		this.redis.execute("release user in the directory", key, (connection) -> RedisAccess.eval(connection,
				RELEASE_SCRIPT, ReturnType.INTEGER, RedisAccess.bytes(key), RedisAccess.bytes(this.nodeId),
				RedisAccess.bytes(sessionId)));
	}

	@Override
	public boolean rename(String userId, String oldSessionId, String newSessionId) {
		this.replacedExpiries.remove(userId + " " + oldSessionId);
		String key = key(userId);
		Long renamed = this.redis.execute("move user to a renewed session in the directory", key,
				(connection) -> RedisAccess.eval(connection, RENAME_SCRIPT, ReturnType.INTEGER, RedisAccess.bytes(key),
						RedisAccess.bytes(this.nodeId), RedisAccess.bytes(oldSessionId),
						RedisAccess.bytes(newSessionId)));
		return renamed != null && renamed == 1L;
	}

	@Override
	public Optional<Entry> locate(String userId) {
		String key = key(userId);
		Map<String, String> fields = this.redis.execute("locate user in the directory", key,
				(connection) -> RedisAccess.strings(connection.hashCommands().hGetAll(RedisAccess.bytes(key))));
		if (!fields.containsKey("node") || !fields.containsKey("session") || !fields.containsKey("since")) {
			return Optional.empty();
		}
		return Optional.of(new Entry(userId, fields.get("node"), fields.get("session"),
				Instant.ofEpochMilli(Long.parseLong(fields.get("since")))));
	}

	@Override
	public Set<String> refresh(Map<String, String> sessionsByUser) {
		RedisMessageListenerContainer container = this.listener;
		if (container != null && !container.isListening()) {
			startListening(container);
		}
		if (sessionsByUser.isEmpty()) {
			return Set.of();
		}
		List<Map.Entry<String, String>> entries = List.copyOf(sessionsByUser.entrySet());
		List<Object> answers;
		try {
			answers = refreshAll(entries, false);
		}
		catch (StoreException ex) {
			if (!RedisAccess.isNoScript(ex)) {
				throw ex;
			}
			// Redis restarted or flushed its scripts: send the source once.
			answers = refreshAll(entries, true);
		}
		Set<String> lost = new HashSet<>();
		for (int i = 0; i < entries.size() && i < answers.size(); i++) {
			if (answers.get(i) instanceof Long refreshed && refreshed == 0L) {
				lost.add(entries.get(i).getKey());
			}
		}
		return lost;
	}

	/** One pipelined script call per user (key: user id, value: session id), by digest unless {@code source}. */
	private List<Object> refreshAll(List<Map.Entry<String, String>> entries, boolean source) {
		byte[] node = RedisAccess.bytes(this.nodeId);
		byte[] ttl = RedisAccess.bytes(Long.toString(this.entryTimeToLive.toMillis()));
		byte[] now = RedisAccess.bytes(Long.toString(this.clock.millis()));
		byte[] script = RedisAccess.bytes(source ? REFRESH_SCRIPT.getScriptAsString() : REFRESH_SCRIPT.getSha1());
		return this.redis.execute("refresh directory entries", this.redis.keyPrefix() + "dir:*", (connection) -> {
			connection.openPipeline();
			for (Map.Entry<String, String> entry : entries) {
				byte[] key = RedisAccess.bytes(key(entry.getKey()));
				byte[] session = RedisAccess.bytes(entry.getValue());
				if (source) {
					connection.scriptingCommands().eval(script, ReturnType.INTEGER, 1, key, node, session, ttl, now);
				}
				else {
					connection.scriptingCommands().evalSha(script, ReturnType.INTEGER, 1, key, node, session, ttl, now);
				}
			}
			return connection.closePipeline();
		});
	}

	@Override
	public void revert(String userId, String sessionId, Entry previous) {
		Long expiresAt = this.replacedExpiries.remove(userId + " " + sessionId);
		long left = (expiresAt != null) ? TimeUnit.NANOSECONDS.toMillis(expiresAt - System.nanoTime())
				: this.entryTimeToLive.toMillis();
		String key = key(userId);
		this.redis.execute("give a user back in the directory", key,
				(connection) -> RedisAccess.eval(connection, REVERT_SCRIPT, ReturnType.INTEGER, RedisAccess.bytes(key),
						RedisAccess.bytes(this.nodeId), RedisAccess.bytes(sessionId),
						RedisAccess.bytes(previous.nodeId()), RedisAccess.bytes(previous.sessionId()),
						RedisAccess.bytes(Long.toString(previous.since().toEpochMilli())),
						RedisAccess.bytes(Long.toString(left))));
	}

	@Override
	public Duration heartbeatInterval() {
		return this.entryTimeToLive.dividedBy(3);
	}

	@Override
	public CompletableFuture<Void> requestKick(Entry entry, String reason) {
		String requestId = UUID.randomUUID().toString();
		CompletableFuture<Void> answered = new CompletableFuture<>();
		this.pendingKicks.put(requestId, answered);
		answered.whenComplete((result, failure) -> this.pendingKicks.remove(requestId));
		publish(entry.nodeId(), Map.of("type", "kick", "requestId", requestId, "from", this.nodeId, "userId",
				entry.userId(), "sessionId", entry.sessionId(), "reason", reason));
		return answered;
	}

	@Override
	public synchronized void listen(KickHandler handler) {
		if (this.listener != null) {
			throw new IllegalStateException("Already listening");
		}
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		container.addMessageListener((message, pattern) -> onMessage(message, handler),
				new ChannelTopic(channel(this.nodeId)));
		container.afterPropertiesSet();
		this.listener = container;
		startListening(container);
	}

	/**
	 * Subscribes, tolerating a Redis that is down: the node keeps working on its own and
	 * tries again at each heartbeat.
	 */
	private void startListening(RedisMessageListenerContainer container) {
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot subscribe to {} yet (kick requests from other nodes wait until Redis answers): {}",
					channel(this.nodeId), ex.toString());
		}
	}

	private void onMessage(Message message, KickHandler handler) {
		JsonNode body;
		try {
			body = json.readTree(message.getBody());
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring an unreadable directory message on {}", channel(this.nodeId));
			return;
		}
		String type = body.path("type").asString("");
		String requestId = body.path("requestId").asString("");
		if (type.equals("kicked")) {
			CompletableFuture<Void> pending = this.pendingKicks.get(requestId);
			if (pending != null) {
				pending.complete(null);
			}
		}
		else if (type.equals("kick")) {
			String from = body.path("from").asString("");
			handler.kick(body.path("userId").asString(""), body.path("sessionId").asString(""),
					body.path("reason").asString("Logged in elsewhere"))
				.whenComplete((result, failure) -> publish(from, Map.of("type", "kicked", "requestId", requestId)));
		}
	}

	private void publish(String node, Map<String, String> message) {
		byte[] channel = RedisAccess.bytes(channel(node));
		byte[] body = json.writeValueAsBytes(message);
		this.redis.execute("send a directory message", channel(node),
				(connection) -> connection.publish(channel, body));
	}

	@Override
	public synchronized void close() {
		RedisMessageListenerContainer container = this.listener;
		this.listener = null;
		if (container != null) {
			try {
				container.stop();
				container.destroy();
			}
			catch (Exception ex) {
				logger.debug("Stopping the directory listener failed: {}", ex.toString());
			}
		}
		this.pendingKicks.values().forEach((pending) -> pending.cancel(false));
	}

	/**
	 * The key of a user's entry.
	 * @param userId the user id
	 * @return the key name
	 */
	public String key(String userId) {
		return this.redis.keyName("dir", userId);
	}

	private String channel(String node) {
		return this.redis.keyName("node", node);
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? RedisAccess.string(bytes) : String.valueOf(value);
	}

}
