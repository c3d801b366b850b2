package dev.gamesessions.autoconfigure.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.store.GatedUserDataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GameSessionWebSocketHandlerTests {

	/** Loads wait until the test opens it. */
	private final GatedUserDataStore store = new GatedUserDataStore().shut();

	private final SessionManager manager = SessionManager.builder().userDataStore(this.store).build();

	private final WebSocketConnections connections = new WebSocketConnections(Duration.ofHours(1),
			Duration.ofHours(2));

	private final Recorder application = new Recorder();

	private final GameSessionWebSocketHandler handler = new GameSessionWebSocketHandler(this.application,
			new GameSessionsWebSocketProperties(), this.connections, this.manager.codec());

	@AfterEach
	void close() {
		this.store.open();
		this.connections.destroy();
		this.manager.close();
	}

	@Test
	void identifyingThePrincipalNeverHoldsTheConnectionsThreadAndMessagesWaitInOrder() throws Exception {
		Session session = this.manager.create();
		WebSocketSession connection = MockConnections.of(session, "ann");
		// The store is slow: the connection's thread goes on at once.
		this.handler.afterConnectionEstablished(connection);
		this.handler.handleMessage(connection, new TextMessage("first"));
		this.handler.handleMessage(connection, new TextMessage("second"));
		assertThat(this.application.opened).isFalse();
		assertThat(this.application.messages).isEmpty();
		this.store.open();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.application.messages.size() == 2);
		assertThat(this.application.opened).isTrue();
		assertThat(this.application.messages).containsExactly("first", "second");
		assertThat(session.userId()).isEqualTo("ann");
		this.handler.handleMessage(connection, new TextMessage("third"));
		assertThat(this.application.messages).containsExactly("first", "second", "third");
	}

	@Test
	void aPlayerConnectsAndPlaysWhileTheSessionDataStoreIsDown() throws Exception {
		SessionManager down = SessionManager.builder().sessionDataStore(new DownSessionDataStore()).build();
		try {
			GameSessionWebSocketHandler handler = new GameSessionWebSocketHandler(this.application,
					new GameSessionsWebSocketProperties(), this.connections, down.codec());
			Session session = down.create();
			WebSocketSession connection = MockConnections.of(session, null);
			handler.afterConnectionEstablished(connection);
			handler.handleMessage(connection, new TextMessage("click"));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.application.messages.size() == 1);
			assertThat(this.application.opened).isTrue();
			assertThat(connection.isOpen()).isTrue();
			assertThat(session.state()).isEqualTo(dev.gamesessions.SessionState.STARTED);
		}
		finally {
			down.close();
		}
	}

	@Test
	void aSessionTheHandshakeCreatedOpensAtOnceWithoutLoadingWhileAResumedOneLoadsItsData() throws Exception {
		CountingSessionDataStore sessionData = new CountingSessionDataStore();
		SessionManager counted = SessionManager.builder().sessionDataStore(sessionData).build();
		try {
			GameSessionWebSocketHandler handler = new GameSessionWebSocketHandler(this.application,
					new GameSessionsWebSocketProperties(), this.connections, counted.codec());
			Session created = counted.create();
			WebSocketSession fresh = MockConnections.of(created, null);
			fresh.getAttributes().put(GameSessionHandshakeInterceptor.CREATED_ATTRIBUTE, created);
			handler.afterConnectionEstablished(fresh);
			// Nobody knew the new session's id: nothing stored to wait for, no hop to another thread.
			assertThat(this.application.opened).isTrue();
			assertThat(sessionData.loads).isZero();

			this.application.opened = false;
			Session resumed = counted.create();
			handler.afterConnectionEstablished(MockConnections.of(resumed, null));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.application.opened);
			assertThat(sessionData.loads).isEqualTo(1);
		}
		finally {
			counted.close();
		}
	}

	private static final class Recorder extends TextWebSocketHandler {

		volatile boolean opened;

		final List<String> messages = new CopyOnWriteArrayList<>();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.opened = true;
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			assertThat(this.opened).isTrue();
			this.messages.add(message.getPayload());
		}

	}

	/** A session-data store that holds nothing and counts the loads. */
	private static final class CountingSessionDataStore implements dev.gamesessions.store.SessionDataStore {

		volatile int loads;

		@Override
		public synchronized Optional<Map<String, String>> load(String sessionId, Duration ttl) {
			this.loads++;
			return Optional.empty();
		}

		@Override
		public void apply(String sessionId, Map<String, String> set, java.util.Set<String> removed, Duration ttl) {
		}

		@Override
		public void delete(String sessionId) {
		}

		@Override
		public void rename(String oldId, String newId, Duration ttl) {
		}

		@Override
		public int prune(java.time.Instant now) {
			return 0;
		}

	}

	/** A session-data store that cannot be reached, as during a Redis outage. */
	private static final class DownSessionDataStore implements dev.gamesessions.store.SessionDataStore {

		@Override
		public Optional<Map<String, String>> load(String sessionId, Duration ttl) {
			throw new dev.gamesessions.store.StoreException("store is down (test)");
		}

		@Override
		public void apply(String sessionId, Map<String, String> set, java.util.Set<String> removed, Duration ttl) {
			throw new dev.gamesessions.store.StoreException("store is down (test)");
		}

		@Override
		public void delete(String sessionId) {
			throw new dev.gamesessions.store.StoreException("store is down (test)");
		}

		@Override
		public void rename(String oldId, String newId, Duration ttl) {
			throw new dev.gamesessions.store.StoreException("store is down (test)");
		}

		@Override
		public int prune(java.time.Instant now) {
			return 0;
		}

	}

}
