package dev.gamesessions.samples.arena;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arena over real WebSocket connections to the started sample on Reactor Netty.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ArenaApplicationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void aFighterJoinsScoresAndKeepsTheScoreAfterADroppedConnection() {
		Fighter first = Fighter.connect(this.port, "", Map.of());
		JsonNode welcome = first.next();
		assertThat(welcome.get("type").asString()).isEqualTo("session");
		first.send("{\"type\":\"join\",\"name\":\"ada\"}");
		assertThat(first.next().get("hits").asInt()).isZero();
		first.send("{\"type\":\"hit\"}");
		first.send("{\"type\":\"hit\"}");
		first.next();
		assertThat(first.next().get("hits").asInt()).isEqualTo(2);
		first.abort();

		Fighter back = Fighter.connect(this.port, "?resume=" + welcome.get("resumeToken").asString(), Map.of());
		JsonNode again = back.next();
		assertThat(again.get("sessionId").asString()).isEqualTo(welcome.get("sessionId").asString());
		assertThat(again.get("userId").asString()).isEqualTo("ada");
		back.send("{\"type\":\"hit\"}");
		assertThat(back.next().get("hits").asInt()).isEqualTo(3);
		back.close();
	}

	@Test
	void joiningAgainElsewhereKicksTheOlderConnection() {
		Fighter older = Fighter.connect(this.port, "", Map.of());
		older.next();
		older.send("{\"type\":\"join\",\"name\":\"grace\"}");
		assertThat(older.next().get("type").asString()).isEqualTo("joined");
		Fighter newer = Fighter.connect(this.port, "", Map.of());
		newer.next();
		newer.send("{\"type\":\"join\",\"name\":\"grace\"}");
		assertThat(newer.next().get("type").asString()).isEqualTo("joined");
		assertThat(older.awaitCloseCode()).isEqualTo(4000);
		newer.close();
	}

	@Test
	void theCookieOfAPageRequestNamesTheSameSessionOnTheWebSocket() throws Exception {
		HttpResponse<String> page = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/me")).build(),
				HttpResponse.BodyHandlers.ofString());
		String sessionId = json.readTree(page.body()).get("sessionId").asString();
		String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		Fighter player = Fighter.connect(this.port, "", Map.of("Cookie", cookie));
		assertThat(player.next().get("sessionId").asString()).isEqualTo(sessionId);
		player.close();
	}

	/** One fighter's WebSocket client (the JDK's). */
	static final class Fighter implements WebSocket.Listener {

		private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final StringBuilder partial = new StringBuilder();

		private WebSocket socket;

		static Fighter connect(int port, String query, Map<String, String> headers) {
			Fighter fighter = new Fighter();
			WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
			headers.forEach(builder::header);
			fighter.socket = builder.buildAsync(URI.create("ws://localhost:" + port + "/arena" + query), fighter).join();
			return fighter;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.messages.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		JsonNode next() {
			try {
				String message = this.messages.poll(10, TimeUnit.SECONDS);
				assertThat(message).as("a message within 10 seconds").isNotNull();
				return json.readTree(message);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}

		void send(String text) {
			this.socket.sendText(text, true).join();
		}

		int awaitCloseCode() {
			return this.closed.orTimeout(10, TimeUnit.SECONDS).join();
		}

		void abort() {
			this.socket.abort();
		}

		void close() {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
		}

	}

}
