package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Sessions a node holds are bounded: anonymous page views are kept only for the grace
 * window, and past {@code max-sessions} new players are refused with 503.
 */
@SpringBootTest(classes = GameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.websocket.path=/play",
				"game.sessions.max-sessions=3" })
class SessionLimitIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@AfterEach
	void endSessions() {
		this.manager.destroy(false);
	}

	@Test
	void aVisitWithoutACookieThatOnlyReadsKeepsItsSessionOnlyForTheGraceWindow() throws Exception {
		HttpResponse<String> visit = get("/api/me", null);
		String id = json.readTree(visit.body()).get("id").asString();
		assertThat(this.manager.findById(id)).get().extracting((session) -> session.state())
			.isEqualTo(SessionState.DISCONNECTED);
		String cookie = visit.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		HttpResponse<String> again = get("/api/me", cookie);
		assertThat(json.readTree(again.body()).get("id").asString()).isEqualTo(id);
		assertThat(this.manager.findById(id)).get().extracting((session) -> session.state())
			.isEqualTo(SessionState.STARTED);
	}

	@Test
	void aFullNodeRefusesNewPlayersWith503() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.manager.create();
		}
		long refusedBefore = this.manager.refusedSessions();
		HttpResponse<String> page = get("/api/me", null);
		assertThat(page.statusCode()).isEqualTo(503);
		assertThat(page.headers().firstValue("X-Game-Session-Error")).hasValue("capacity");
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> TestClient.http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://localhost:" + this.port + "/play"), new WebSocket.Listener() {
				})
				.join())
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(503));
		assertThat(this.manager.refusedSessions()).isEqualTo(refusedBefore + 2);
		assertThat(this.manager.size()).isEqualTo(3);
	}

	private HttpResponse<String> get(String path, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return TestClient.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
