package dev.gamesessions.autoconfigure.webflux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.transport.Handshake;
import dev.gamesessions.autoconfigure.transport.HeaderAuthentication;
import dev.gamesessions.autoconfigure.transport.JdkWebSocketConnection;
import dev.gamesessions.autoconfigure.transport.TestConnection;
import dev.gamesessions.autoconfigure.web.CurrentSession;
import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;
import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On WebFlux, every store call the engine makes for a player (loading and saving session
 * data per message, loading user data at identify, {@code persistNow()}, the save at
 * disconnect, a {@code @CurrentSession} request) runs off Reactor Netty's event loop: the
 * stores record whether they were called on a non-blocking thread.
 */
@SpringBootTest(classes = WebFluxBlockingCallsTests.Game.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "game.sessions.websocket.path=/play",
				"game.sessions.websocket.mode=per-message", "game.sessions.reconnect.grace=0s",
				"game.sessions.persistence.events=disconnect" })
class WebFluxBlockingCallsTests {

	private static final List<String> calls = new CopyOnWriteArrayList<>();

	private static final List<String> onEventLoop = new CopyOnWriteArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	static void record(String call) {
		String entry = call + " on " + Thread.currentThread().getName();
		calls.add(entry);
		if (Schedulers.isInNonBlockingThread()) {
			onEventLoop.add(entry);
		}
	}

	@Test
	void storeCallsOfAWholeGameRunOffTheEventLoop() throws Exception {
		Session session;
		try (TestConnection player = JdkWebSocketConnection.open(URI.create("ws://localhost:" + this.port + "/play"),
				Handshake.plain().header("X-Test-User", "erin"))) {
			session = this.manager.findById(player.welcome().get("sessionId").asString()).orElseThrow();
			player.send("set:room=arena");
			assertThat(player.nextMessage()).isEqualTo("ok");
			player.send("persist:now");
			assertThat(player.nextMessage()).isEqualTo("ok");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == SessionState.DESTROYED);
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/room")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);

		assertThat(calls).anyMatch((call) -> call.startsWith("user load"))
			.anyMatch((call) -> call.startsWith("user save"))
			.anyMatch((call) -> call.startsWith("session load"))
			.anyMatch((call) -> call.startsWith("session apply"));
		assertThat(onEventLoop).isEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Game.Api.class, HeaderAuthentication.Reactive.class })
	static class Game {

		@Bean
		UserDataStore recordingUserDataStore() {
			InMemoryUserDataStore store = new InMemoryUserDataStore();
			return new UserDataStore() {

				@Override
				public Optional<StoredUserData> load(String userId) {
					record("user load");
					return store.load(userId);
				}

				@Override
				public List<WriteResult> saveAll(List<UserDataWrite> writes) {
					record("user save");
					return store.saveAll(writes);
				}

				@Override
				public boolean delete(String userId) {
					return store.delete(userId);
				}

			};
		}

		@Bean
		SessionDataStore recordingSessionDataStore() {
			InMemorySessionDataStore store = new InMemorySessionDataStore();
			return new SessionDataStore() {

				@Override
				public Optional<Map<String, String>> load(String sessionId, Duration ttl) {
					record("session load");
					return store.load(sessionId, ttl);
				}

				@Override
				public void apply(String sessionId, Map<String, String> set, Set<String> removed, Duration ttl) {
					record("session apply");
					store.apply(sessionId, set, removed, ttl);
				}

				@Override
				public void delete(String sessionId) {
					record("session delete");
					store.delete(sessionId);
				}

				@Override
				public void rename(String oldId, String newId, Duration ttl) {
					store.rename(oldId, newId, ttl);
				}

				@Override
				public int prune(Instant now) {
					return store.prune(now);
				}

			};
		}

		@Bean
		GameMessageHandler game() {
			return (session, message) -> {
				if (message.startsWith("set:")) {
					String[] parts = message.substring(4).split("=", 2);
					session.data().set(parts[0], parts[1]);
				}
				else if (message.startsWith("persist:")) {
					session.userData(Map.of("coins", 5));
					session.persistNow();
				}
				session.client().send("ok");
			};
		}

		@RestController
		static class Api {

			@GetMapping("/api/room")
			Map<String, Object> room(@CurrentSession Session session) {
				session.data().set("room", "lobby");
				return Map.of("id", session.id());
			}

		}

	}

}
