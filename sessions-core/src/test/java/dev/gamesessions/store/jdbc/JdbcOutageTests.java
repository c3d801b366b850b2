package dev.gamesessions.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.gamesessions.FlushReport;
import dev.gamesessions.JacksonDataCodec;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionManagerConfig;
import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The JDBC stores while their database goes away and comes back: an H2 TCP server
 * stopped and restarted on the same port, its in-memory database kept open by
 * {@code DB_CLOSE_DELAY=-1}.
 */
class JdbcOutageTests {

	private static final int USERS = 20;

	private static final String USER_TABLE = "gs_outage_user";

	private static final String SESSION_TABLE = "gs_outage_session";

	private final String databaseName = "mem:outage-" + UUID.randomUUID();

	private Server server;

	private HikariDataSource pool;

	private static final long UP_TIMEOUT_MILLIS = 2_000;

	private static final long DOWN_TIMEOUT_MILLIS = 500;

	private void databaseGoesDown() {
		this.pool.getHikariConfigMXBean().setConnectionTimeout(DOWN_TIMEOUT_MILLIS);
		this.server.stop();
	}

	@BeforeEach
	void startDatabase() throws SQLException {
		this.server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(
				"jdbc:h2:tcp://localhost:" + this.server.getPort() + "/" + this.databaseName + ";DB_CLOSE_DELAY=-1");
		config.setPoolName("test-outage");
		// Generous while the database is up (a loaded CI machine is slow to connect); the
		// tests shorten it while the database is down, so failures are detected quickly.
		config.setConnectionTimeout(UP_TIMEOUT_MILLIS);
		config.setValidationTimeout(250);
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(0);
		config.setInitializationFailTimeout(-1);
		// Hikari discards connections on SQL state class 08, which PostgreSQL and MariaDB
		// report for a lost server; H2 reports its own codes (90067, 90121) instead.
		config.setExceptionOverride(new SQLExceptionOverride() {

			@java.lang.Override
			public SQLExceptionOverride.Override adjudicate(SQLException ex) {
				return (ex instanceof SQLNonTransientConnectionException) ? SQLExceptionOverride.Override.MUST_EVICT
						: SQLExceptionOverride.Override.CONTINUE_EVICT;
			}

		});
		this.pool = new HikariDataSource(config);
		JdbcSchemaInitializer.initialize(this.pool, JdbcDialect.H2, USER_TABLE, SESSION_TABLE);
	}

	@AfterEach
	void stopDatabase() throws SQLException {
		this.pool.close();
		this.server.stop();
		try (Connection connection = DriverManager.getConnection("jdbc:h2:" + this.databaseName);
				Statement statement = connection.createStatement()) {
			statement.execute("SHUTDOWN");
		}
	}

	@Test
	void unreachableDatabaseIsAStoreExceptionNamingTheOperationButNotTheData() {
		JdbcUserDataStore store = new JdbcUserDataStore(this.pool, JdbcDialect.H2, USER_TABLE);
		databaseGoesDown();
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> store.load("secret-player"))
			.withMessageContaining("load user data")
			.withMessageNotContaining("secret-player");
		assertThatExceptionOfType(StoreException.class)
			.isThrownBy(() -> store.saveAll(List.of(new UserDataWrite("secret-player", "{\"pin\":1234}", 0))))
			.withMessageContaining("save user data")
			.withMessageNotContaining("secret-player")
			.withMessageNotContaining("1234");
		JdbcSessionDataStore sessions = new JdbcSessionDataStore(this.pool, JdbcDialect.H2, SESSION_TABLE,
				Clock.systemUTC());
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> sessions.prune(Instant.now()))
			.withMessageContaining("prune session data");
	}

	@Test
	void writesDuringAnOutageAreRetriedUntilEveryUsersLatestDataIsStored() throws SQLException {
		RecordingStore store = new RecordingStore(new JdbcUserDataStore(this.pool, JdbcDialect.H2, USER_TABLE));
		SessionManagerConfig config = SessionManagerConfig.builder()
			.persistInterval(Duration.ZERO)
			.retryInitialBackoff(Duration.ofMillis(50))
			.retryMaxBackoff(Duration.ofMillis(500))
			.build();
		List<SessionEvent.PersistFailed> failures = new CopyOnWriteArrayList<>();
		try (SessionManager manager = SessionManager.builder().config(config).userDataStore(store).build()) {
			manager.on(SessionEvent.PersistFailed.class, failures::add);
			List<Session> sessions = new ArrayList<>();
			for (int i = 0; i < USERS; i++) {
				Session session = manager.create();
				session.start();
				session.identify("player-" + i);
				sessions.add(session);
			}
			int round = 0;
			while (round < 5) {
				writeRound(sessions, ++round);
			}
			databaseGoesDown();
			writeRound(sessions, ++round);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> manager.persistenceStatus().consecutiveFailures() > 0);
			while (round < 10) {
				writeRound(sessions, ++round);
			}
			this.server = Server.createTcpServer("-tcpPort", String.valueOf(this.server.getPort()), "-ifNotExists")
				.start();
			this.pool.getHikariConfigMXBean().setConnectionTimeout(UP_TIMEOUT_MILLIS);
			while (round < 15) {
				writeRound(sessions, ++round);
			}
			FlushReport report = manager.flush(Duration.ofSeconds(30));
			assertThat(report.unwritten()).isEmpty();
		}
		assertThat(failures).isNotEmpty().allSatisfy((failure) -> assertThat(failure.willRetry()).isTrue());
		assertThat(store.conflicts).isEmpty();
		JdbcUserDataStore reader = new JdbcUserDataStore(this.pool, JdbcDialect.H2, USER_TABLE);
		for (int i = 0; i < USERS; i++) {
			String userId = "player-" + i;
			StoredUserData stored = reader.load(userId).orElseThrow();
			assertThat(new JacksonDataCodec().decode(stored.data(), Map.class)).containsEntry("round", 15);
			List<Long> versions = store.savedVersions.get(userId);
			assertThat(versions).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
			assertThat(versions).last().isEqualTo(stored.version());
		}
	}

	@SuppressWarnings("unchecked")
	private static void writeRound(List<Session> sessions, int round) {
		for (Session session : sessions) {
			((Map<String, Object>) session.userData()).put("round", round);
			session.persistAsync();
		}
	}

	/**
	 * Records the outcome of every write that reached the store.
	 */
	private static final class RecordingStore implements UserDataStore {

		private final UserDataStore delegate;

		final Map<String, List<Long>> savedVersions = new ConcurrentHashMap<>();

		final List<WriteResult> conflicts = new CopyOnWriteArrayList<>();

		RecordingStore(UserDataStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public Optional<StoredUserData> load(String userId) {
			return this.delegate.load(userId);
		}

		@Override
		public List<WriteResult> saveAll(List<UserDataWrite> writes) {
			List<WriteResult> results = this.delegate.saveAll(writes);
			for (WriteResult result : results) {
				if (result.status() == WriteResult.Status.SAVED) {
					this.savedVersions.computeIfAbsent(result.userId(), (id) -> new CopyOnWriteArrayList<>())
						.add(result.storedVersion());
				}
				else {
					this.conflicts.add(result);
				}
			}
			return results;
		}

		@Override
		public boolean delete(String userId) {
			return this.delegate.delete(userId);
		}

	}

}
