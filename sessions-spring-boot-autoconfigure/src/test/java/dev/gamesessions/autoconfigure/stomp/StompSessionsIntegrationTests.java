package dev.gamesessions.autoconfigure.stomp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.InvalidReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.event.SessionCreatedEvent;
import dev.gamesessions.autoconfigure.event.SessionDestroyedEvent;
import dev.gamesessions.autoconfigure.event.SessionDisconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionInvalidEvent;
import dev.gamesessions.autoconfigure.event.SessionKickedEvent;
import dev.gamesessions.autoconfigure.event.SessionReconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionStartedEvent;
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Game sessions on a STOMP application that has no game sessions glue, with a real STOMP
 * client.
 */
@SpringBootTest(classes = StompGameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.reconnect.grace=2s",
				"game.sessions.websocket.allowed-origins=http://game.example",
				"game.sessions.websocket.path=/play" })
class StompSessionsIntegrationTests {

	private static final String RESUME_HEADER = "X-Game-Session-Resume";

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@Autowired
	private StompGameServer server;

	private URI stomp(String query) {
		return URI.create("ws://localhost:" + this.port + "/stomp" + query);
	}

	private StompTestClient connect(Map<String, String> connectHeaders) {
		return StompTestClient.connect(stomp(""), connectHeaders);
	}

	private Session sessionOf(JsonNode welcome) {
		return this.manager.findById(welcome.get("sessionId").asString()).orElseThrow();
	}

	private void awaitState(Session session, SessionState state) {
		await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == state);
	}

	@Test
	void connectGivesASessionAndTheWelcomeArrivesOnTheUserDestination() {
		try (StompTestClient client = connect(Map.of())) {
			JsonNode welcome = client.welcome();
			assertThat(welcome.get("resumeToken").asString()).hasSizeGreaterThan(40);
			assertThat(welcome.get("userId").isNull()).isTrue();
			Session session = sessionOf(welcome);
			assertThat(session.state()).isEqualTo(SessionState.STARTED);
			assertThat(session.client()).isInstanceOf(StompClientMessenger.class);
			assertThat(session.client().isOpen()).isTrue();
			assertThat(this.server.typesFor(session)).containsSubsequence(SessionCreatedEvent.class,
					SessionStartedEvent.class);
		}
	}

	@Test
	void messageMappingMethodsReceiveTheSession() {
		try (StompTestClient client = connect(Map.of())) {
			String id = client.welcome().get("sessionId").asString();
			client.subscribe("/user/queue/echo");
			client.send("/app/echo", "hello");
			assertThat(client.nextMessage("/user/queue/echo")).isEqualTo(id + ":hello");
		}
	}

	@Test
	void sessionClientSendsStompMessagesToThePlayer() {
		try (StompTestClient client = connect(Map.of())) {
			client.welcome();
			client.send("/app/push", "coins");
			JsonNode pushed = client.nextJson();
			assertThat(pushed.get("pushed").asString()).isEqualTo("coins");
			client.send("/app/login", "bob");
			assertThat(client.nextMessage()).isEqualTo("welcome bob");
			client.send("/app/push", "again");
			assertThat(client.nextJson().get("user").asString()).isEqualTo("bob");
		}
	}

	@Test
	void resumeTokenInTheConnectHeadersResumesTheSameSession() {
		StompTestClient first = connect(Map.of());
		JsonNode welcome = first.welcome();
		Session session = sessionOf(welcome);
		first.close();
		awaitState(session, SessionState.DISCONNECTED);
		try (StompTestClient second = connect(Map.of(RESUME_HEADER, welcome.get("resumeToken").asString()))) {
			JsonNode again = second.welcome();
			assertThat(again.get("sessionId").asString()).isEqualTo(session.id());
			assertThat(again.get("resumeToken").asString()).isNotEqualTo(welcome.get("resumeToken").asString());
			assertThat(session.state()).isEqualTo(SessionState.STARTED);
			assertThat(this.server.typesFor(session)).containsSubsequence(SessionStartedEvent.class,
					SessionDisconnectedEvent.class, SessionReconnectedEvent.class);
		}
	}

	@Test
	void resumeTokenInTheHandshakeQueryResumesTheSameSession() {
		StompTestClient first = connect(Map.of());
		JsonNode welcome = first.welcome();
		Session session = sessionOf(welcome);
		first.close();
		awaitState(session, SessionState.DISCONNECTED);
		try (StompTestClient second = StompTestClient.connect(stomp("?resume=" + welcome.get("resumeToken").asString()),
				Map.of())) {
			assertThat(second.welcome().get("sessionId").asString()).isEqualTo(session.id());
			assertThat(session.state()).isEqualTo(SessionState.STARTED);
		}
	}

	@Test
	void resumingWhileTheOldConnectionIsOpenClosesItWithAnErrorFrame() {
		StompTestClient first = connect(Map.of());
		JsonNode welcome = first.welcome();
		try (StompTestClient second = connect(Map.of(RESUME_HEADER, welcome.get("resumeToken").asString()))) {
			assertThat(second.welcome().get("sessionId").asString()).isEqualTo(welcome.get("sessionId").asString());
			StompTestClient.Closed closed = first.awaitClose();
			assertThat(closed.code()).isEqualTo(GameCloseStatus.TAKEN_OVER);
			assertThat(closed.errorCode()).isEqualTo(String.valueOf(GameCloseStatus.TAKEN_OVER));
			assertThat(closed.error()).isEqualTo("Session resumed on another connection");
			second.send("/app/push", "still here");
			assertThat(second.nextJson().get("pushed").asString()).isEqualTo("still here");
			assertThat(sessionOf(welcome).state()).isEqualTo(SessionState.STARTED);
		}
	}

	@Test
	void unknownResumeTokenGetsAFreshSessionAndAnInvalidEvent() {
		int before = this.server.events.size();
		try (StompTestClient client = connect(Map.of(RESUME_HEADER, "A".repeat(43)))) {
			Session session = sessionOf(client.welcome());
			assertThat(session.state()).isEqualTo(SessionState.STARTED);
			List<SessionInvalidEvent> invalid = this.server.events.subList(before, this.server.events.size())
				.stream()
				.filter(SessionInvalidEvent.class::isInstance)
				.map(SessionInvalidEvent.class::cast)
				.toList();
			assertThat(invalid).extracting(SessionInvalidEvent::getReason).containsExactly(InvalidReason.UNKNOWN);
		}
	}

	@Test
	void principalSetByAConnectInterceptorIdentifiesTheSession() {
		try (StompTestClient client = connect(Map.of("login", "alice"))) {
			JsonNode welcome = client.welcome();
			assertThat(welcome.get("userId").asString()).isEqualTo("alice");
			Session session = sessionOf(welcome);
			assertThat(session.state()).isEqualTo(SessionState.IDENTIFIED);
			assertThat(this.server.events).filteredOn(SessionIdentifiedEvent.class::isInstance)
				.map(SessionIdentifiedEvent.class::cast)
				.filteredOn((event) -> event.getSession() == session)
				.extracting(SessionIdentifiedEvent::getUserId)
				.containsExactly("alice");
		}
	}

	@Test
	void whatIsSentBeforeThePlayerSubscribedFollowsTheWelcome() {
		try (StompTestClient client = connect(Map.of("login", "greeted"))) {
			assertThat(client.welcome().get("userId").asString()).isEqualTo("greeted");
			assertThat(client.nextMessage()).isEqualTo("hello greeted");
		}
	}

	@Test
	void kickSendsAnErrorFrameWithTheReasonAndClosesTheConnection() {
		StompTestClient client = connect(Map.of("login", "carol"));
		Session session = sessionOf(client.welcome());
		assertThat(this.manager.kick("carol", "Logged in elsewhere")).isEqualTo(1);
		StompTestClient.Closed closed = client.awaitClose();
		assertThat(closed.error()).isEqualTo("Logged in elsewhere");
		assertThat(closed.errorCode()).isEqualTo(String.valueOf(GameCloseStatus.KICKED));
		assertThat(closed.code()).isEqualTo(GameCloseStatus.KICKED);
		assertThat(closed.reason()).isEqualTo("Logged in elsewhere");
		awaitState(session, SessionState.DESTROYED);
		assertThat(this.server.typesFor(session)).containsSubsequence(SessionIdentifiedEvent.class,
				SessionKickedEvent.class, SessionDestroyedEvent.class);
	}

	@Test
	void aSecondLoginKicksTheFirstConnection() {
		StompTestClient first = connect(Map.of("login", "dave"));
		first.welcome();
		try (StompTestClient second = connect(Map.of("login", "dave"))) {
			assertThat(second.welcome().get("userId").asString()).isEqualTo("dave");
			StompTestClient.Closed closed = first.awaitClose();
			assertThat(closed.code()).isEqualTo(GameCloseStatus.KICKED);
			assertThat(closed.errorCode()).isEqualTo(String.valueOf(GameCloseStatus.KICKED));
		}
	}

	@Test
	void destroyingTheSessionOnTheServerClosesTheConnection() {
		StompTestClient client = connect(Map.of());
		Session session = sessionOf(client.welcome());
		session.destroy();
		StompTestClient.Closed closed = client.awaitClose();
		assertThat(closed.code()).isEqualTo(GameCloseStatus.SESSION_ENDED);
		assertThat(closed.errorCode()).isEqualTo(String.valueOf(GameCloseStatus.SESSION_ENDED));
		assertThat(closed.error()).startsWith("Session ended");
	}

	@Test
	void disconnectPublishesDisconnectedAndTheGraceWindowEndsTheSession() {
		StompTestClient client = connect(Map.of());
		Session session = sessionOf(client.welcome());
		client.close();
		awaitState(session, SessionState.DISCONNECTED);
		awaitState(session, SessionState.DESTROYED);
		assertThat(this.server.typesFor(session)).containsSubsequence(SessionStartedEvent.class,
				SessionDisconnectedEvent.class, SessionDestroyedEvent.class);
	}

	@Test
	void foreignOriginIsRefusedAndAllowedOriginAccepted() {
		StompTestClient.Attempt foreign = StompTestClient.attempt(stomp(""), Map.of("Origin", "http://evil.example"),
				Map.of());
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> foreign.session().orTimeout(10, TimeUnit.SECONDS).join());
		try (StompTestClient allowed = StompTestClient.connect(stomp(""), Map.of("Origin", "http://game.example"),
				Map.of())) {
			assertThat(allowed.welcome().get("sessionId").asString()).isNotEmpty();
		}
	}

	@Test
	void thePlainEndpointStillSendsItsJsonWelcomeFirst() throws Exception {
		CompletableFuture<String> first = new CompletableFuture<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/play"), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					first.complete(data.toString());
					return null;
				}

			})
			.join();
		JsonNode welcome = JsonMapper.builder().build().readTree(first.get(10, TimeUnit.SECONDS));
		assertThat(welcome.get("type").asString()).isEqualTo("session");
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
	}

	@Test
	void theSessionCookieOfThePageNamesTheSessionAtTheHandshake() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/me")).build(),
					HttpResponse.BodyHandlers.ofString());
		String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
		String id = JsonMapper.builder().build().readTree(page.body()).get("id").asString();
		try (StompTestClient client = StompTestClient.connect(stomp(""), Map.of("Cookie", cookie), Map.of())) {
			JsonNode welcome = client.welcome();
			assertThat(welcome.get("sessionId").asString()).isEqualTo(id);
			assertThat(sessionOf(welcome).client()).isInstanceOf(StompClientMessenger.class);
		}
	}

	@Test
	void theHttpSessionOfThePageNamesTheSessionAtTheHandshake() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> login = http.send(HttpRequest.newBuilder(page("/api/http-session"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		String httpSession = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
		assertThat(httpSession).startsWith("JSESSIONID=");
		HttpResponse<String> me = http.send(HttpRequest.newBuilder(page("/api/me")).header("Cookie", httpSession).build(),
				HttpResponse.BodyHandlers.ofString());
		String id = JsonMapper.builder().build().readTree(me.body()).get("id").asString();
		// Only the HTTP session's cookie, not the game's own.
		try (StompTestClient client = StompTestClient.connect(stomp(""), Map.of("Cookie", httpSession), Map.of())) {
			assertThat(client.welcome().get("sessionId").asString()).isEqualTo(id);
		}
	}

	private URI page(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@Test
	void principalOfTheHandshakeIdentifiesTheSession() {
		try (StompTestClient client = StompTestClient.connect(stomp(""), Map.of("X-Test-User", "erin"), Map.of())) {
			JsonNode welcome = client.welcome();
			assertThat(welcome.get("userId").asString()).isEqualTo("erin");
			assertThat(sessionOf(welcome).state()).isEqualTo(SessionState.IDENTIFIED);
		}
	}

}
