package dev.gamesessions.autoconfigure.webflux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.InvalidReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.event.SessionInvalidEvent;
import dev.gamesessions.autoconfigure.transport.Handshake;
import dev.gamesessions.autoconfigure.transport.JdkWebSocketConnection;
import dev.gamesessions.autoconfigure.transport.TestConnection;
import dev.gamesessions.autoconfigure.web.CurrentSession;
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the reactive stack does beyond the transport contract: the signed cookie and the
 * {@code WebSession} of WebFlux controllers with {@code @CurrentSession}, a page's
 * WebSocket joining the same session, a tampered cookie, a node full for controllers, a
 * principal that cannot be identified, binary messages.
 */
@SpringBootTest(classes = WebFluxSessionsIntegrationTests.Game.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "game.sessions.websocket.path=/play",
				"game.sessions.reconnect.grace=5s", "game.sessions.max-sessions=30" })
class WebFluxSessionsIntegrationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@Autowired
	private Game game;

	private HttpResponse<String> call(String method, String path, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Optional<String> cookieOf(HttpResponse<?> response, String name) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith(name + "="))
			.map((header) -> header.substring(0, header.indexOf(';')))
			.findFirst();
	}

	private TestConnection connect(Handshake handshake) {
		return JdkWebSocketConnection.open(URI.create("ws://localhost:" + this.port + "/play"), handshake);
	}

	@Test
	void theCookieRestoresTheSameSessionWithItsDataAndThePagesWebSocketJoinsIt() throws Exception {
		HttpResponse<String> joined = call("POST", "/api/room?room=arena", null);
		String id = json.readTree(joined.body()).get("id").asString();
		String cookie = cookieOf(joined, "GAMESESSION").orElseThrow();
		assertThat(joined.headers().firstValue("Set-Cookie").orElseThrow()).containsIgnoringCase("HttpOnly")
			.contains("SameSite=Lax");
		HttpResponse<String> me = call("GET", "/api/me", cookie);
		assertThat(json.readTree(me.body()).get("id").asString()).isEqualTo(id);
		assertThat(json.readTree(me.body()).get("room").asString()).isEqualTo("arena");
		assertThat(cookieOf(me, "GAMESESSION")).as("no new cookie for the same session").isEmpty();
		try (TestConnection page = connect(Handshake.plain().header("Cookie", cookie))) {
			assertThat(page.welcome().get("sessionId").asString()).isEqualTo(id);
		}
	}

	@Test
	void aVisitWithoutACookieThatOnlyReadsKeepsItsSessionOnlyForTheGraceWindow() throws Exception {
		HttpResponse<String> visit = call("GET", "/api/me", null);
		String id = json.readTree(visit.body()).get("id").asString();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.manager.findById(id).map(Session::state).orElse(null) == SessionState.DISCONNECTED);
		HttpResponse<String> again = call("GET", "/api/me", cookieOf(visit, "GAMESESSION").orElseThrow());
		assertThat(json.readTree(again.body()).get("id").asString()).isEqualTo(id);
		assertThat(this.manager.findById(id).orElseThrow().state()).isEqualTo(SessionState.STARTED);
	}

	@Test
	void aRenewedSessionGetsANewCookie() throws Exception {
		HttpResponse<String> first = call("POST", "/api/room?room=lobby", null);
		String cookie = cookieOf(first, "GAMESESSION").orElseThrow();
		HttpResponse<String> renewed = call("POST", "/api/renew", cookie);
		String newId = json.readTree(renewed.body()).get("id").asString();
		String newCookie = cookieOf(renewed, "GAMESESSION").orElseThrow();
		assertThat(newCookie).isNotEqualTo(cookie).startsWith("GAMESESSION=" + newId + ".");
		assertThat(json.readTree(call("GET", "/api/me", newCookie).body()).get("room").asString()).isEqualTo("lobby");
	}

	@Test
	void theWebSessionLinksThePageToItsGameSession() throws Exception {
		HttpResponse<String> page = call("POST", "/api/web-session", null);
		String id = json.readTree(page.body()).get("id").asString();
		String webSession = cookieOf(page, "SESSION").orElseThrow();
		try (TestConnection socket = connect(Handshake.plain().header("Cookie", webSession))) {
			assertThat(socket.welcome().get("sessionId").asString()).isEqualTo(id);
		}
	}

	@Test
	void aTamperedCookieGetsAFreshSessionAndAnInvalidEvent() {
		int before = this.game.events.size();
		try (TestConnection player = connect(Handshake.plain().header("Cookie", "GAMESESSION=abc.forged"))) {
			String id = player.welcome().get("sessionId").asString();
			assertThat(id).isNotEqualTo("abc");
		}
		assertThat(this.game.events.subList(before, this.game.events.size())).extracting(SessionInvalidEvent::getReason)
			.contains(InvalidReason.MALFORMED);
	}

	@Test
	void aFullNodeAnswersControllersWith503() throws Exception {
		this.manager.destroy(false);
		try {
			for (int i = 0; i < 30; i++) {
				this.manager.create();
			}
			HttpResponse<String> page = call("GET", "/api/me", null);
			assertThat(page.statusCode()).isEqualTo(503);
			assertThat(page.headers().firstValue("X-Game-Session-Error")).hasValue("capacity");
		}
		finally {
			this.manager.destroy(false);
		}
	}

	@Test
	void aPrincipalThatCannotBeIdentifiedIsClosedWith4004() {
		TestConnection player = connect(Handshake.plain().header("X-Test-User", "broken"));
		TestConnection.Closed closed = player.awaitClose();
		assertThat(closed.code()).isEqualTo(GameCloseStatus.IDENTIFY_FAILED);
	}

	@Test
	void aBinaryMessageClosesTheConnectionWith1003() throws Exception {
		TestConnection player = connect(Handshake.plain());
		player.welcome();
		List<Integer> codes = new CopyOnWriteArrayList<>();
		WebSocket raw = http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/play"), new WebSocket.Listener() {

				@Override
				public java.util.concurrent.CompletionStage<?> onClose(WebSocket webSocket, int statusCode,
						String reason) {
					codes.add(statusCode);
					return null;
				}

			})
			.join();
		raw.sendBinary(ByteBuffer.wrap(new byte[] { 1, 2, 3 }), true).join();
		await().atMost(Duration.ofSeconds(10)).until(() -> !codes.isEmpty());
		assertThat(codes).containsExactly(1003);
		player.send("echo");
		assertThat(player.nextMessage()).isEqualTo("echo");
		player.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Game.Api.class)
	static class Game {

		final List<SessionInvalidEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void record(SessionInvalidEvent event) {
			this.events.add(event);
		}

		/** Fails for the user {@code broken}, as a store that does not answer. */
		@Bean
		UserDataStore userDataStore() {
			InMemoryUserDataStore store = new InMemoryUserDataStore();
			return new UserDataStore() {

				@Override
				public Optional<StoredUserData> load(String userId) {
					if (userId.equals("broken")) {
						throw new StoreException("The store does not answer");
					}
					return store.load(userId);
				}

				@Override
				public List<WriteResult> saveAll(List<UserDataWrite> writes) {
					return store.saveAll(writes);
				}

				@Override
				public boolean delete(String userId) {
					return store.delete(userId);
				}

			};
		}

		@Bean
		GameMessageHandler echo() {
			return (session, message) -> session.client().send(message);
		}

		@Bean
		WebFilter testAuthenticationAndWebSessions() {
			return (exchange, chain) -> {
				String user = exchange.getRequest().getHeaders().getFirst("X-Test-User");
				if (user != null) {
					Principal principal = () -> user;
					return chain.filter(exchange.mutate().principal(Mono.just(principal)).build());
				}
				if (exchange.getRequest().getPath().value().equals("/api/web-session")) {
					return exchange.getSession().doOnNext(WebSession::start).then(chain.filter(exchange));
				}
				return chain.filter(exchange);
			};
		}

		@RestController
		static class Api {

			@GetMapping("/api/me")
			Map<String, Object> me(@CurrentSession Session session) {
				String room = session.data().get("room", String.class);
				return Map.of("id", session.id(), "room", (room != null) ? room : "");
			}

			@PostMapping("/api/room")
			Map<String, Object> join(@CurrentSession Session session, @RequestParam String room) {
				session.data().set("room", room);
				return Map.of("id", session.id());
			}

			@PostMapping("/api/renew")
			Map<String, Object> renew(@CurrentSession Session session) {
				session.renew();
				return Map.of("id", session.id());
			}

			@PostMapping("/api/web-session")
			Map<String, Object> webSession(@CurrentSession Session session) {
				return Map.of("id", session.id());
			}

		}

	}

}
