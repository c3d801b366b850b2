package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gamesessions.InvalidReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.event.PersistUserDataEvent;
import dev.gamesessions.autoconfigure.event.SessionCreatedEvent;
import dev.gamesessions.autoconfigure.event.SessionDestroyedEvent;
import dev.gamesessions.autoconfigure.event.SessionDisconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionInvalidEvent;
import dev.gamesessions.autoconfigure.event.SessionReconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionStartedEvent;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.StoredUserData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The servlet endpoint beyond the transport contract
 * ({@link dev.gamesessions.autoconfigure.transport.ServletTransportContractTests} covers the
 * origin allowlist, message size, kicks and server-side ends).
 */
@SpringBootTest(classes = GameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.websocket.path=/play", "game.sessions.reconnect.grace=2s" })
class WebSocketSessionsIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@Autowired
	private GameServer server;

	@Autowired
	private InMemoryUserDataStore store;

	private URI play(String query) {
		return URI.create("ws://localhost:" + this.port + "/play" + query);
	}

	@Test
	void fullLifecycleOverARealSocket() {
		TestClient client = TestClient.connect(play(""));
		JsonNode welcome = client.nextJson();
		assertThat(welcome.get("type").asString()).isEqualTo("session");
		String id = welcome.get("sessionId").asString();
		String token = welcome.get("resumeToken").asString();
		Session session = this.manager.findById(id).orElseThrow();
		assertThat(session.state()).isEqualTo(SessionState.STARTED);
		assertThat(session.client()).isNotNull();

		client.send("echo:hello");
		assertThat(client.next()).isEqualTo("echo hello");
		client.send("login:alice");
		assertThat(client.next()).isEqualTo("welcome alice");
		assertThat(session.state()).isEqualTo(SessionState.IDENTIFIED);
		client.send("coins:25");
		assertThat(client.next()).isEqualTo("coins 25");

		client.abort();
		await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == SessionState.DISCONNECTED);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.store.load("alice").map(StoredUserData::data).orElse(""), (data) -> data.equals("{\"coins\":25}"));

		TestClient resumed = TestClient.connect(play("?resume=" + token));
		JsonNode again = resumed.nextJson();
		assertThat(again.get("sessionId").asString()).isEqualTo(id);
		assertThat(again.get("userId").asString()).isEqualTo("alice");
		assertThat(again.get("resumeToken").asString()).isNotEqualTo(token);
		assertThat(this.manager.findById(id)).containsSame(session);
		assertThat(session.state()).isEqualTo(SessionState.IDENTIFIED);
		resumed.send("echo:back");
		assertThat(resumed.next()).isEqualTo("echo back");

		resumed.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == SessionState.DESTROYED);
		assertThat(this.server.typesFor(session)).containsSubsequence(SessionCreatedEvent.class,
				SessionStartedEvent.class, SessionIdentifiedEvent.class, SessionDisconnectedEvent.class,
				PersistUserDataEvent.class, SessionReconnectedEvent.class, SessionDisconnectedEvent.class,
				SessionDestroyedEvent.class);
	}

	@Test
	void resumeTokenInAHeaderWorksToo() {
		TestClient first = TestClient.connect(play(""));
		JsonNode welcome = first.nextJson();
		first.abort();
		String id = welcome.get("sessionId").asString();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.manager.findById(id).map(Session::state).orElse(null) == SessionState.DISCONNECTED);
		TestClient second = TestClient.connect(play(""),
				Map.of("X-Game-Session-Resume", welcome.get("resumeToken").asString()));
		assertThat(second.nextJson().get("sessionId").asString()).isEqualTo(id);
		second.close();
	}

	@Test
	void resumingWhileTheOldSocketIsStillOpenClosesTheOldOne() {
		TestClient first = TestClient.connect(play(""));
		JsonNode welcome = first.nextJson();
		TestClient second = TestClient.connect(play("?resume=" + welcome.get("resumeToken").asString()));
		assertThat(second.nextJson().get("sessionId").asString()).isEqualTo(welcome.get("sessionId").asString());
		assertThat(first.awaitCloseCode()).isEqualTo(GameCloseStatus.TAKEN_OVER);
		second.send("echo:still here");
		assertThat(second.next()).isEqualTo("echo still here");
		Session session = this.manager.findById(welcome.get("sessionId").asString()).orElseThrow();
		assertThat(session.state()).isEqualTo(SessionState.STARTED);
		second.close();
	}

	@Test
	void unknownOrMalformedTokensGetAFreshSessionAndAnInvalidEvent() {
		int before = this.server.events.size();
		TestClient client = TestClient.connect(play("?resume=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
		String id = client.nextJson().get("sessionId").asString();
		assertThat(this.manager.findById(id)).isPresent();
		TestClient malformed = TestClient.connect(play("?resume=" + "%3C".repeat(300)));
		malformed.nextJson();
		List<SessionInvalidEvent> invalid = this.server.events.subList(before, this.server.events.size())
			.stream()
			.filter(SessionInvalidEvent.class::isInstance)
			.map(SessionInvalidEvent.class::cast)
			.toList();
		assertThat(invalid).extracting(SessionInvalidEvent::getReason)
			.containsExactly(InvalidReason.UNKNOWN, InvalidReason.MALFORMED);
		client.close();
		malformed.close();
	}

	@Test
	void sessionDataIsLoadedAtConnectAndSavedAtDisconnect() {
		TestClient client = TestClient.connect(play(""));
		JsonNode welcome = client.nextJson();
		client.send("setdata:room=arena");
		assertThat(client.next()).isEqualTo("set room");
		String id = welcome.get("sessionId").asString();
		client.close();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.manager.sessionDataStore().load(id, Duration.ofMinutes(1)).isPresent());
		TestClient resumed = TestClient.connect(play("?resume=" + welcome.get("resumeToken").asString()));
		resumed.nextJson();
		resumed.send("data:room");
		assertThat(resumed.next()).isEqualTo("data arena");
		resumed.close();
	}

}
