package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.gamesessions.InvalidReason;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.event.SessionInvalidEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signed session cookie and {@code @CurrentSession}, and a page's WebSocket joining the
 * same session.
 */
@SpringBootTest(classes = GameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.websocket.path=/play", "game.sessions.http.cookie.same-site=Strict" })
class HttpSessionIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@Autowired
	private GameServer server;

	private HttpResponse<String> call(String method, String path, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return TestClient.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String cookieOf(HttpResponse<?> response) {
		String header = response.headers().firstValue("Set-Cookie").orElseThrow();
		return header.substring(0, header.indexOf(';'));
	}

	private static JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	@Test
	void cookieIsIssuedAndRestoresTheSameSessionWithItsData() throws Exception {
		HttpResponse<String> first = call("POST", "/api/room?room=arena", null);
		assertThat(first.statusCode()).isEqualTo(200);
		String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(setCookie).startsWith("GAMESESSION=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
		String id = body(first).get("id").asString();
		String cookie = cookieOf(first);
		assertThat(cookie).doesNotEndWith("=" + id);

		HttpResponse<String> second = call("GET", "/api/me", cookie);
		assertThat(body(second).get("id").asString()).isEqualTo(id);
		assertThat(body(second).get("room").asString()).isEqualTo("arena");
		assertThat(second.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void renewReissuesTheCookieAndTheOldOneStopsWorking() throws Exception {
		HttpResponse<String> first = call("GET", "/api/me", null);
		String oldCookie = cookieOf(first);
		String oldId = body(first).get("id").asString();
		HttpResponse<String> renewed = call("POST", "/api/renew", oldCookie);
		String newId = body(renewed).get("id").asString();
		assertThat(newId).isNotEqualTo(oldId);
		String newCookie = cookieOf(renewed);
		assertThat(newCookie).isNotEqualTo(oldCookie);
		assertThat(body(call("GET", "/api/me", newCookie)).get("id").asString()).isEqualTo(newId);
		assertThat(body(call("GET", "/api/me", oldCookie)).get("id").asString()).isNotIn(oldId, newId);
	}

	@Test
	void tamperedCookieIsTreatedAsUnknownAndReported() throws Exception {
		HttpResponse<String> first = call("GET", "/api/me", null);
		String cookie = cookieOf(first);
		String id = body(first).get("id").asString();
		String otherId = this.manager.create().id();
		String forged = cookie.replace(id, otherId);
		int before = this.server.events.size();
		HttpResponse<String> response = call("GET", "/api/me", forged);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body(response).get("id").asString()).isNotIn(id, otherId);
		assertThat(this.server.events.subList(before, this.server.events.size()))
			.filteredOn(SessionInvalidEvent.class::isInstance)
			.map((event) -> ((SessionInvalidEvent) event).getReason())
			.containsExactly(InvalidReason.MALFORMED);
		assertThat(call("GET", "/api/me", "GAMESESSION=garbage").statusCode()).isEqualTo(200);
	}

	@Test
	void optionalSessionIsNullWithoutACookie() throws Exception {
		assertThat(body(call("GET", "/api/peek", null)).get("present").asBoolean()).isFalse();
		String cookie = cookieOf(call("GET", "/api/me", null));
		assertThat(body(call("GET", "/api/peek", cookie)).get("present").asBoolean()).isTrue();
	}

	@Test
	void pageAndWebSocketShareTheSessionThroughTheCookie() throws Exception {
		HttpResponse<String> page = call("POST", "/api/room?room=castle", null);
		String cookie = cookieOf(page);
		String id = body(page).get("id").asString();
		TestClient socket = TestClient.connect(URI.create("ws://localhost:" + this.port + "/play"),
				Map.of("Cookie", cookie));
		assertThat(socket.nextJson().get("sessionId").asString()).isEqualTo(id);
		socket.send("data:room");
		assertThat(socket.next()).isEqualTo("data castle");
		socket.close();
	}

	@Test
	void webSocketFindsTheSessionThroughTheServletHttpSession() throws Exception {
		String jsessionid = cookieOf(call("POST", "/api/http-session", null));
		assertThat(jsessionid).startsWith("JSESSIONID=");
		String id = body(call("GET", "/api/me", jsessionid)).get("id").asString();
		TestClient socket = TestClient.connect(URI.create("ws://localhost:" + this.port + "/play"),
				Map.of("Cookie", jsessionid));
		assertThat(socket.nextJson().get("sessionId").asString()).isEqualTo(id);
		socket.close();
	}

	@Test
	void authenticatedPrincipalIdentifiesTheSession() {
		TestClient socket = TestClient.connect(URI.create("ws://localhost:" + this.port + "/play"),
				Map.of("X-Test-User", "principal-pat"));
		JsonNode welcome = socket.nextJson();
		assertThat(welcome.get("userId").asString()).isEqualTo("principal-pat");
		assertThat(this.manager.findByUserId("principal-pat")).isPresent();
		socket.close();
	}

}
