package dev.gamesessions.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.InvalidReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionManagerConfig;
import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.InMemoryUserDataStore;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine alone, with in-memory stores and no persistence: one session's whole life,
 * and the delivery of one event to the manager's listeners. Run by {@link EngineBenchmarks}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LifecycleBenchmark {

	/** User ids are reused so that the number of known users stays bounded. */
	private static final int USER_IDS = 1024;

	private static final Map<String, Object> USER_DATA = Map.of("name", "player", "coins", 10);

	/**
	 * A manager with {@code listeners} listeners on every event.
	 */
	@State(Scope.Benchmark)
	public static class Engine {

		@Param({ "0", "4" })
		public int listeners;

		SessionManager manager;

		String[] userIds;

		int next;

		long delivered;

		@Setup(Level.Trial)
		public void start() {
			this.manager = SessionManager.builder()
				.config(SessionManagerConfig.builder()
					.persistEvents(List.of())
					.persistInterval(Duration.ZERO)
					.reconnectGrace(Duration.ZERO)
					.build())
				.userDataStore(new InMemoryUserDataStore())
				.sessionDataStore(new InMemorySessionDataStore())
				.build();
			for (int i = 0; i < this.listeners; i++) {
				this.manager.addListener((event) -> this.delivered++);
			}
			this.userIds = new String[USER_IDS];
			for (int i = 0; i < USER_IDS; i++) {
				this.userIds[i] = "user-" + i;
			}
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.manager.close();
		}

	}

	/**
	 * create → start → setUser → destroy: five events (Created, Started, Identified,
	 * BeforeDestroy, Destroyed), no persistence.
	 */
	@Benchmark
	public Session lifecycle(Engine engine) {
		Session session = engine.manager.create();
		session.start();
		session.setUser(engine.userIds[engine.next++ & (USER_IDS - 1)], USER_DATA);
		session.destroy(false);
		return session;
	}

	/**
	 * The manager's listeners, and what an event costs them.
	 */
	@State(Scope.Benchmark)
	public static class Listeners {

		@Param({ "1", "4", "16" })
		public int listeners;

		SessionManager manager;

		long delivered;

		@Setup(Level.Trial)
		public void start() {
			this.manager = SessionManager.builder()
				.config(SessionManagerConfig.builder().persistEvents(List.of()).persistInterval(Duration.ZERO).build())
				.build();
			for (int i = 0; i < this.listeners; i++) {
				this.manager.addListener((event) -> this.delivered++);
			}
		}

		@TearDown(Level.Trial)
		public void stop() {
			this.manager.close();
		}

	}

	/**
	 * One event to every listener, through the public {@code reportInvalid} (which also
	 * masks the reference).
	 */
	@Benchmark
	public long dispatch(Listeners listeners) {
		listeners.manager.reportInvalid("reference-of-the-benchmark", InvalidReason.UNKNOWN, "benchmark");
		return listeners.delivered;
	}

}
