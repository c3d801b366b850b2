package dev.gamesessions;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable settings of a {@link SessionManager}, built with {@link #builder()}. The
 * builder rejects bad values with a message that names the setting and the value.
 */
public final class SessionManagerConfig {

	private static final SessionManagerConfig DEFAULTS = builder().build();

	private final Set<PersistTrigger> persistEvents;

	private final Duration persistInterval;

	private final Duration duration;

	private final Duration pruneFrequency;

	private final Duration reconnectGrace;

	private final SingleSessionPolicy singleSessionPolicy;

	private final int maxSessionDataBytes;

	private final int maxSessions;

	private final long cacheLimit;

	private final Duration cacheMaxAge;

	private final Class<?> userDataType;

	private final CorruptDataPolicy corruptDataPolicy;

	private final Duration shutdownTimeout;

	private final Duration persistTimeout;

	private final int writeBatchSize;

	private final int writeConcurrency;

	private final Duration retryInitialBackoff;

	private final Duration retryMaxBackoff;

	private SessionManagerConfig(Builder builder) {
		this.persistEvents = Set.copyOf(builder.persistEvents);
		this.persistInterval = builder.persistInterval;
		this.duration = builder.duration;
		this.pruneFrequency = builder.pruneFrequency;
		this.reconnectGrace = builder.reconnectGrace;
		this.singleSessionPolicy = builder.singleSessionPolicy;
		this.maxSessionDataBytes = builder.maxSessionDataBytes;
		this.maxSessions = builder.maxSessions;
		this.cacheLimit = builder.cacheLimit;
		this.cacheMaxAge = builder.cacheMaxAge;
		this.userDataType = builder.userDataType;
		this.corruptDataPolicy = builder.corruptDataPolicy;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.persistTimeout = builder.persistTimeout;
		this.writeBatchSize = builder.writeBatchSize;
		this.writeConcurrency = builder.writeConcurrency;
		this.retryInitialBackoff = builder.retryInitialBackoff;
		this.retryMaxBackoff = builder.retryMaxBackoff;
		if (this.retryMaxBackoff.compareTo(this.retryInitialBackoff) < 0) {
			throw new IllegalArgumentException("retryMaxBackoff (" + this.retryMaxBackoff
					+ ") must not be shorter than retryInitialBackoff (" + this.retryInitialBackoff + ")");
		}
	}

	/**
	 * The default settings.
	 * @return the defaults
	 */
	public static SessionManagerConfig defaults() {
		return DEFAULTS;
	}

	/**
	 * A builder starting from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Moments at which user data is persisted. Default: disconnect and shutdown.
	 * @return the triggers
	 */
	public Set<PersistTrigger> persistEvents() {
		return this.persistEvents;
	}

	/**
	 * How often changed user data of live sessions is persisted; {@link Duration#ZERO}
	 * disables it. Default: 30 seconds.
	 * @return the interval
	 */
	public Duration persistInterval() {
		return this.persistInterval;
	}

	/**
	 * How long a session lives without activity, and the time-to-live of session data.
	 * Default: 6 hours.
	 * @return the duration
	 */
	public Duration duration() {
		return this.duration;
	}

	/**
	 * How often idle sessions and expired session data are pruned. Default: 1 minute.
	 * @return the frequency
	 */
	public Duration pruneFrequency() {
		return this.pruneFrequency;
	}

	/**
	 * How long a disconnected session may be resumed; {@link Duration#ZERO} destroys it at
	 * once. Default: 30 seconds.
	 * @return the grace window
	 */
	public Duration reconnectGrace() {
		return this.reconnectGrace;
	}

	/**
	 * What happens when a user with a live session identifies again. Default:
	 * {@link SingleSessionPolicy#KICK_PREVIOUS}.
	 * @return the policy
	 */
	public SingleSessionPolicy singleSessionPolicy() {
		return this.singleSessionPolicy;
	}

	/**
	 * Largest size of one session's data, names and encoded values in UTF-8 bytes.
	 * Default: 4096.
	 * @return the limit in bytes
	 */
	public int maxSessionDataBytes() {
		return this.maxSessionDataBytes;
	}

	/**
	 * How many live sessions this node holds at most; a session past it is refused with
	 * {@link SessionLimitException}. Default 100,000.
	 * @return the limit
	 */
	public int maxSessions() {
		return this.maxSessions;
	}

	/**
	 * How many users' data is kept in the local cache after their sessions end. Default:
	 * 10000.
	 * @return the limit
	 */
	public long cacheLimit() {
		return this.cacheLimit;
	}

	/**
	 * How long unused user data stays in the local cache. Default: 10 minutes.
	 * @return the age
	 */
	public Duration cacheMaxAge() {
		return this.cacheMaxAge;
	}

	/**
	 * Type user data is decoded to. Default: {@link Map}.
	 * @return the type
	 */
	public Class<?> userDataType() {
		return this.userDataType;
	}

	/**
	 * What happens when stored user data cannot be decoded. Default:
	 * {@link CorruptDataPolicy#FAIL}.
	 * @return the policy
	 */
	public CorruptDataPolicy corruptDataPolicy() {
		return this.corruptDataPolicy;
	}

	/**
	 * How long closing the manager waits for queued writes. Default: 10 seconds.
	 * @return the timeout
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * How long {@link Session#persistNow()} waits for the write to be durable. Default: 5
	 * seconds.
	 * @return the timeout
	 */
	public Duration persistTimeout() {
		return this.persistTimeout;
	}

	/**
	 * Most users written in one store call. Default: 500.
	 * @return the batch size
	 */
	public int writeBatchSize() {
		return this.writeBatchSize;
	}

	/**
	 * Most batches being written at once, each by a writer thread of its own: while the
	 * store works on one batch, the next is built and sent, as soon as
	 * {@link #writeBatchSize()} users are queued (or when no batch is being written, at
	 * once). A user is never in two batches
	 * being written at once, so a user's writes are applied in order whatever this is; the
	 * order of different users' writes is not kept. Default: 2.
	 * @return the number of writer threads
	 */
	public int writeConcurrency() {
		return this.writeConcurrency;
	}

	/**
	 * First wait before retrying a failed write; doubles up to {@link #retryMaxBackoff()}.
	 * Default: 100 milliseconds.
	 * @return the backoff
	 */
	public Duration retryInitialBackoff() {
		return this.retryInitialBackoff;
	}

	/**
	 * Longest wait between retries of failed writes. Default: 5 seconds.
	 * @return the backoff
	 */
	public Duration retryMaxBackoff() {
		return this.retryMaxBackoff;
	}

	/**
	 * Whether user data is persisted at a trigger.
	 * @param trigger the trigger
	 * @return whether it is one of {@link #persistEvents()}
	 */
	public boolean persistsOn(PersistTrigger trigger) {
		return this.persistEvents.contains(trigger);
	}

	@Override
	public String toString() {
		return "SessionManagerConfig{persistEvents=" + this.persistEvents + ", persistInterval="
				+ this.persistInterval + ", duration=" + this.duration + ", pruneFrequency="
				+ this.pruneFrequency + ", reconnectGrace=" + this.reconnectGrace + ", singleSessionPolicy="
				+ this.singleSessionPolicy + ", maxSessionDataBytes=" + this.maxSessionDataBytes + ", maxSessions="
				+ this.maxSessions + ", userDataType="
				+ this.userDataType.getName() + "}";
	}

	/**
	 * Builder of {@link SessionManagerConfig}.
	 */
	public static final class Builder {

		private Set<PersistTrigger> persistEvents = EnumSet.of(PersistTrigger.DISCONNECT, PersistTrigger.SHUTDOWN);

		private Duration persistInterval = Duration.ofSeconds(30);

		private Duration duration = Duration.ofHours(6);

		private Duration pruneFrequency = Duration.ofMinutes(1);

		private Duration reconnectGrace = Duration.ofSeconds(30);

		private SingleSessionPolicy singleSessionPolicy = SingleSessionPolicy.KICK_PREVIOUS;

		private int maxSessionDataBytes = 4096;

		private int maxSessions = 100_000;

		private long cacheLimit = 10_000;

		private Duration cacheMaxAge = Duration.ofMinutes(10);

		private Class<?> userDataType = Map.class;

		private CorruptDataPolicy corruptDataPolicy = CorruptDataPolicy.FAIL;

		private Duration shutdownTimeout = Duration.ofSeconds(10);

		private Duration persistTimeout = Duration.ofSeconds(5);

		private int writeBatchSize = 500;

		private int writeConcurrency = 2;

		private Duration retryInitialBackoff = Duration.ofMillis(100);

		private Duration retryMaxBackoff = Duration.ofSeconds(5);

		private Builder() {
		}

		public Builder persistEvents(Collection<PersistTrigger> triggers) {
			Objects.requireNonNull(triggers, "persistEvents");
			this.persistEvents = triggers.isEmpty() ? EnumSet.noneOf(PersistTrigger.class) : EnumSet.copyOf(triggers);
			return this;
		}

		public Builder persistEvents(PersistTrigger... triggers) {
			return persistEvents(Set.of(triggers));
		}

		public Builder persistInterval(Duration interval) {
			this.persistInterval = notNegative("persistInterval", interval);
			return this;
		}

		public Builder duration(Duration duration) {
			this.duration = positive("duration", duration);
			return this;
		}

		public Builder pruneFrequency(Duration frequency) {
			this.pruneFrequency = positive("pruneFrequency", frequency);
			return this;
		}

		public Builder reconnectGrace(Duration grace) {
			this.reconnectGrace = notNegative("reconnectGrace", grace);
			return this;
		}

		public Builder singleSessionPolicy(SingleSessionPolicy policy) {
			this.singleSessionPolicy = Objects.requireNonNull(policy, "singleSessionPolicy");
			return this;
		}

		public Builder maxSessionDataBytes(int bytes) {
			if (bytes < 64) {
				throw new IllegalArgumentException("maxSessionDataBytes must be at least 64 but was " + bytes);
			}
			this.maxSessionDataBytes = bytes;
			return this;
		}

		/**
		 * Sets how many live sessions this node holds at most.
		 * @param sessions the limit, at least 1
		 * @return this builder
		 * @throws IllegalArgumentException when it is less than 1
		 */
		public Builder maxSessions(int sessions) {
			if (sessions < 1) {
				throw new IllegalArgumentException("maxSessions must be at least 1 but was " + sessions);
			}
			this.maxSessions = sessions;
			return this;
		}

		public Builder cacheLimit(long limit) {
			if (limit < 0) {
				throw new IllegalArgumentException("cacheLimit must not be negative but was " + limit);
			}
			this.cacheLimit = limit;
			return this;
		}

		public Builder cacheMaxAge(Duration maxAge) {
			this.cacheMaxAge = notNegative("cacheMaxAge", maxAge);
			return this;
		}

		public Builder userDataType(Class<?> type) {
			Objects.requireNonNull(type, "userDataType");
			if (type.isPrimitive() || type.isInterface() && !Map.class.isAssignableFrom(type)) {
				throw new IllegalArgumentException(
						"userDataType must be a class, a record or Map but was " + type.getName());
			}
			this.userDataType = type;
			return this;
		}

		public Builder corruptDataPolicy(CorruptDataPolicy policy) {
			this.corruptDataPolicy = Objects.requireNonNull(policy, "corruptDataPolicy");
			return this;
		}

		public Builder shutdownTimeout(Duration timeout) {
			this.shutdownTimeout = notNegative("shutdownTimeout", timeout);
			return this;
		}

		public Builder persistTimeout(Duration timeout) {
			this.persistTimeout = positive("persistTimeout", timeout);
			return this;
		}

		public Builder writeBatchSize(int size) {
			if (size < 1) {
				throw new IllegalArgumentException("writeBatchSize must be at least 1 but was " + size);
			}
			this.writeBatchSize = size;
			return this;
		}

		public Builder writeConcurrency(int writers) {
			if (writers < 1 || writers > 64) {
				throw new IllegalArgumentException("writeConcurrency must be between 1 and 64 but was " + writers);
			}
			this.writeConcurrency = writers;
			return this;
		}

		public Builder retryInitialBackoff(Duration backoff) {
			this.retryInitialBackoff = positive("retryInitialBackoff", backoff);
			return this;
		}

		public Builder retryMaxBackoff(Duration backoff) {
			this.retryMaxBackoff = positive("retryMaxBackoff", backoff);
			return this;
		}

		public SessionManagerConfig build() {
			return new SessionManagerConfig(this);
		}

		private static Duration positive(String name, Duration value) {
			Objects.requireNonNull(value, name);
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + " must be positive but was " + value);
			}
			return value;
		}

		private static Duration notNegative(String name, Duration value) {
			Objects.requireNonNull(value, name);
			if (value.isNegative()) {
				throw new IllegalArgumentException(name + " must not be negative but was " + value);
			}
			return value;
		}

	}

}
