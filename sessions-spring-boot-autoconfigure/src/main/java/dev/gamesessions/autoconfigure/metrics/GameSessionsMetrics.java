package dev.gamesessions.autoconfigure.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.gamesessions.DestroyReason;
import dev.gamesessions.InvalidReason;
import dev.gamesessions.PersistenceObserver;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionListener;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of game sessions:
 * <ul>
 * <li>{@code game.sessions.live} (gauge, tag {@code state}): live sessions by state;</li>
 * <li>{@code game.sessions.created}, {@code game.sessions.destroyed} (tag
 * {@code reason}), {@code game.sessions.kicked}, {@code game.sessions.invalid} (tag
 * {@code reason}): counters;</li>
 * <li>{@code game.sessions.persist.writes} (tag {@code result}: {@code saved},
 * {@code conflict}, {@code failed}): user-data writes;</li>
 * <li>{@code game.sessions.persist.batch} (timer, tag {@code outcome}) and
 * {@code game.sessions.persist.batch.size}: store calls of the write-behind persister;</li>
 * <li>{@code game.sessions.persist.backlog} (gauge): users waiting to be written.</li>
 * </ul>
 */
public final class GameSessionsMetrics implements SessionListener, PersistenceObserver {

	private final Counter created;

	private final Map<DestroyReason, Counter> destroyed = new EnumMap<>(DestroyReason.class);

	private final Counter kicked;

	private final Map<InvalidReason, Counter> invalid = new EnumMap<>(InvalidReason.class);

	private final Counter saved;

	private final Counter conflicts;

	private final Counter failed;

	private final Timer batchSuccess;

	private final Timer batchFailure;

	private final DistributionSummary batchSize;

	/** Held here: a function counter keeps only a weak reference to what it reads. */
	private final Supplier<@Nullable SessionManager> manager;

	public GameSessionsMetrics(MeterRegistry registry, Supplier<@Nullable SessionManager> manager) {
		this.manager = manager;
		this.created = Counter.builder("game.sessions.created").description("Sessions created").register(registry);
		for (DestroyReason reason : DestroyReason.values()) {
			this.destroyed.put(reason, Counter.builder("game.sessions.destroyed")
				.description("Sessions destroyed")
				.tag("reason", tagValue(reason))
				.register(registry));
		}
		this.kicked = Counter.builder("game.sessions.kicked")
			.description("Sessions kicked by the single-session policy or an operator")
			.register(registry);
		for (InvalidReason reason : InvalidReason.values()) {
			this.invalid.put(reason, Counter.builder("game.sessions.invalid")
				.description("References to unknown, expired, malformed or unreadable sessions and data")
				.tag("reason", tagValue(reason))
				.register(registry));
		}
		this.saved = writes(registry, "saved");
		this.conflicts = writes(registry, "conflict");
		this.failed = writes(registry, "failed");
		this.batchSuccess = batchTimer(registry, "success");
		this.batchFailure = batchTimer(registry, "failure");
		this.batchSize = DistributionSummary.builder("game.sessions.persist.batch.size")
			.description("Users written in one store call")
			.register(registry);
		for (SessionState state : SessionState.values()) {
			Gauge.builder("game.sessions.live", () -> countInState(manager.get(), state))
				.description("Live sessions by state")
				.tag("state", tagValue(state))
				.register(registry);
		}
		Gauge.builder("game.sessions.persist.backlog", () -> backlog(manager.get()))
			.description("Users whose data is queued or being written")
			.register(registry);
		FunctionCounter.builder("game.sessions.refused", this, (metrics) -> refused(metrics.manager.get()))
			.description("Sessions refused because the node held its maximum (game.sessions.max-sessions)")
			.register(registry);
	}

	/** Every constant has its counter, registered in the constructor. */
	private static <E extends Enum<E>> Counter counterOf(Map<E, Counter> counters, E key) {
		return Objects.requireNonNull(counters.get(key), key::name);
	}

	@Override
	public void onEvent(SessionEvent event) {
		if (event instanceof SessionEvent.Created) {
			this.created.increment();
		}
		else if (event instanceof SessionEvent.Destroyed destroyedEvent) {
			counterOf(this.destroyed, destroyedEvent.reason()).increment();
		}
		else if (event instanceof SessionEvent.Kicked) {
			this.kicked.increment();
		}
		else if (event instanceof SessionEvent.Invalid invalidEvent) {
			counterOf(this.invalid, invalidEvent.reason()).increment();
		}
		else if (event instanceof SessionEvent.PersistFailed persistFailed && !persistFailed.willRetry()
				&& !(persistFailed.cause() instanceof dev.gamesessions.VersionConflictException)) {
			this.failed.increment();
		}
	}

	@Override
	public void batchWritten(int size, int savedCount, int conflictCount, long nanos) {
		this.saved.increment(savedCount);
		this.conflicts.increment(conflictCount);
		this.batchSuccess.record(nanos, TimeUnit.NANOSECONDS);
		this.batchSize.record(size);
	}

	@Override
	public void batchFailed(int size, Throwable cause, long nanos) {
		this.batchFailure.record(nanos, TimeUnit.NANOSECONDS);
	}

	private static Counter writes(MeterRegistry registry, String result) {
		return Counter.builder("game.sessions.persist.writes")
			.description("User data writes by result")
			.tag("result", result)
			.register(registry);
	}

	private static Timer batchTimer(MeterRegistry registry, String outcome) {
		return Timer.builder("game.sessions.persist.batch")
			.description("Store calls of the write-behind persister")
			.tag("outcome", outcome)
			.register(registry);
	}

	private static double countInState(@Nullable SessionManager manager, SessionState state) {
		if (manager == null) {
			return 0;
		}
		int count = 0;
		for (Session session : manager.sessions()) {
			if (session.state() == state) {
				count++;
			}
		}
		return count;
	}

	private static double refused(@Nullable SessionManager manager) {
		return (manager != null) ? manager.refusedSessions() : 0;
	}

	private static double backlog(@Nullable SessionManager manager) {
		return (manager != null) ? manager.persistenceStatus().backlog() : 0;
	}

	private static String tagValue(Enum<?> value) {
		return value.name().toLowerCase().replace('_', '-');
	}

}
