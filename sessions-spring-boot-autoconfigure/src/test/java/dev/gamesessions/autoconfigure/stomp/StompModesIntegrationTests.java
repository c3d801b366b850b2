package dev.gamesessions.autoconfigure.stomp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Per-message mode, refusing invalid sessions, and a login the single-session policy
 * refuses, on STOMP connections.
 */
@SpringBootTest(classes = StompGameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.websocket.mode=per-message",
				"game.sessions.websocket.on-invalid=reject", "game.sessions.single-session=reject-new" })
class StompModesIntegrationTests {

	private static final String UNKNOWN_TOKEN = "A".repeat(43);

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	private URI stomp(String query) {
		return URI.create("ws://localhost:" + this.port + "/stomp" + query);
	}

	@Test
	void perMessageModeReloadsSessionDataBeforeEachMessageAndSavesAfter() {
		try (StompTestClient client = StompTestClient.connect(stomp(""), Map.of())) {
			String id = client.welcome().get("sessionId").asString();
			client.send("/app/setdata", "room=lobby");
			assertThat(client.nextMessage()).isEqualTo("set room");
			// Saved after the method returns, which is after it replied.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.manager.sessionDataStore().load(id, Duration.ofMinutes(1)).orElse(Map.of()).get("room"),
						"\"lobby\""::equals);
			// Another node (or an HTTP request) changes the stored value: the next message sees it.
			this.manager.sessionDataStore().apply(id, Map.of("room", "\"arena\""), Set.of(), Duration.ofMinutes(1));
			client.send("/app/data", "room");
			assertThat(client.nextMessage()).isEqualTo("data arena");
		}
	}

	@Test
	void unknownResumeTokenInTheConnectHeadersIsRefusedWithAnErrorFrame() {
		StompTestClient.Attempt attempt = StompTestClient.attempt(stomp(""), Map.of(),
				Map.of("X-Game-Session-Resume", UNKNOWN_TOKEN));
		StompTestClient.Closed closed = attempt.client().awaitClose();
		assertThat(closed.error()).startsWith("invalid-session");
		assertThat(closed.error()).doesNotContain(UNKNOWN_TOKEN);
		assertThat(attempt.session()).isCompletedExceptionally();
	}

	@Test
	void unknownResumeTokenInTheHandshakeIsRefusedWith401() {
		StompTestClient.Attempt attempt = StompTestClient.attempt(stomp("?resume=" + UNKNOWN_TOKEN), Map.of(),
				Map.of());
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> attempt.session().orTimeout(10, TimeUnit.SECONDS).join())
			.withMessageContaining("401");
	}

	@Test
	void aLoginThePolicyRefusesClosesTheNewConnectionWithIdentifyFailed() {
		try (StompTestClient first = StompTestClient.connect(stomp(""), Map.of("login", "frank"))) {
			assertThat(first.welcome().get("userId").asString()).isEqualTo("frank");
			StompTestClient.Attempt second = StompTestClient.attempt(stomp(""), Map.of(), Map.of("login", "frank"));
			StompTestClient.Closed closed = second.client().awaitClose();
			assertThat(closed.code()).isEqualTo(GameCloseStatus.IDENTIFY_FAILED);
			assertThat(closed.errorCode()).isEqualTo(String.valueOf(GameCloseStatus.IDENTIFY_FAILED));
			assertThat(closed.error()).isEqualTo("Could not identify the player");
			first.send("/app/push", "still playing");
			assertThat(first.nextJson().get("pushed").asString()).isEqualTo("still playing");
		}
	}

}
