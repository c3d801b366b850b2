package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.event.SessionInvalidEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Per-message mode, refusing invalid handshakes, no grace window, and many clients at once.
 */
@SpringBootTest(classes = GameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.websocket.path=/play", "game.sessions.websocket.mode=per-message",
				"game.sessions.websocket.on-invalid=reject", "game.sessions.reconnect.grace=0s",
				"game.sessions.websocket.heartbeat=250ms", "game.sessions.websocket.idle-timeout=1500ms" })
class WebSocketModesIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@Autowired
	private GameServer server;

	private URI play(String query) {
		return URI.create("ws://localhost:" + this.port + "/play" + query);
	}

	@Test
	void perMessageModeReloadsSessionDataBeforeEachMessageAndSavesAfter() {
		TestClient client = TestClient.connect(play(""));
		String id = client.nextJson().get("sessionId").asString();
		client.send("setdata:room=lobby");
		assertThat(client.next()).isEqualTo("set room");
		// Saved after the handler returns, which is after it replied.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.manager.sessionDataStore().load(id, Duration.ofMinutes(1)).orElse(Map.of()).get("room"),
					"\"lobby\""::equals);
		// Another node (or an HTTP request) changes the stored data between two messages.
		this.manager.sessionDataStore().apply(id, Map.of("room", "\"arena\""), Set.of(), Duration.ofMinutes(5));
		client.send("data:room");
		assertThat(client.next()).isEqualTo("data arena");
		client.close();
	}

	@Test
	void invalidTokenIsRefusedWith401WhenConfigured() {
		int before = this.server.events.size();
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> TestClient.connect(play("?resume=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")))
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class, (ex) -> {
				assertThat(ex.getResponse().statusCode()).isEqualTo(401);
				assertThat(ex.getResponse().headers().firstValue("X-Game-Session-Error")).hasValue("invalid-session");
			});
		assertThat(this.server.events.subList(before, this.server.events.size()))
			.anyMatch(SessionInvalidEvent.class::isInstance);
		TestClient noToken = TestClient.connect(play(""));
		assertThat(noToken.nextJson().get("type").asString()).isEqualTo("session");
		noToken.close();
	}

	@Test
	void heartbeatsKeepAnAnsweringClientConnected() {
		TestClient client = TestClient.connect(play(""));
		client.nextJson();
		// Pings go out every 250ms and the client's pongs count as activity: after well over
		// the 1.5s idle timeout the connection is still open.
		await().pollDelay(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(client.isClosed()).isFalse();
		client.send("echo:alive");
		assertThat(client.next()).isEqualTo("echo alive");
		client.close();
	}

	@Test
	void twoHundredConcurrentClientsLeaveNoSessionBehind() throws Exception {
		int clients = 200;
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			List<CompletableFuture<String>> results = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				int n = i;
				results.add(CompletableFuture.supplyAsync(() -> {
					TestClient client = TestClient.connect(play(""));
					JsonNode welcome = client.nextJson();
					client.send("login:player-" + n);
					String reply = client.next();
					if ((n % 2) == 0) {
						client.close();
					}
					else {
						client.abort();
					}
					return welcome.get("sessionId").asString() + " " + reply;
				}, executor));
			}
			for (CompletableFuture<String> result : results) {
				assertThat(result.join()).endsWith("welcome player-" + results.indexOf(result));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> this.manager.size() == 0);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
