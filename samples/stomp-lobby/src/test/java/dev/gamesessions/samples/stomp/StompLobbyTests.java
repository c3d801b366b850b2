package dev.gamesessions.samples.stomp;

import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays in the lobby with Spring's STOMP client, as the page does with stompjs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StompLobbyTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void guestsClickLogInChatAndComeBackWithTheirResumeToken() throws Exception {
		Page page = Page.open(this.port, "");
		JsonNode welcome = page.game();
		assertThat(welcome.get("type").asString()).isEqualTo("session");
		assertThat(welcome.get("userId").isNull()).isTrue();

		page.publish("/app/click", "");
		page.publish("/app/click", "");
		assertThat(page.game().get("coins").asInt()).isEqualTo(1);
		assertThat(page.game().get("coins").asInt()).isEqualTo(2);

		page.publish("/app/login", "ann");
		assertThat(page.chat()).isEqualTo("* ann joined");
		JsonNode ann = page.game();
		assertThat(ann.get("name").asString()).isEqualTo("ann");
		page.publish("/app/click", "");
		assertThat(page.game().get("coins").asInt()).isEqualTo(1);
		page.publish("/app/chat", "hello");
		assertThat(page.chat()).isEqualTo("ann: hello");

		page.close();
		Page back = Page.open(this.port, welcome.get("resumeToken").asString());
		JsonNode again = back.game();
		assertThat(again.get("sessionId").asString()).isEqualTo(welcome.get("sessionId").asString());
		assertThat(again.get("userId").asString()).isEqualTo("ann");
		back.close();
	}

	@Test
	void loggingInInAnotherWindowEndsTheFirstWithCode4000() throws Exception {
		Page first = Page.open(this.port, "");
		first.game();
		first.publish("/app/login", "bob");
		assertThat(first.game().get("name").asString()).isEqualTo("bob");
		Page second = Page.open(this.port, "");
		second.game();
		second.publish("/app/login", "bob");
		assertThat(second.game().get("name").asString()).isEqualTo("bob");
		StompHeaders error = first.error();
		assertThat(error.getFirst("game-close-code")).isEqualTo("4000");
		second.close();
	}

	/** A page of the lobby: the game destination, the chat topic and ERROR frames. */
	private static final class Page {

		private final BlockingQueue<String> game = new LinkedBlockingQueue<>();

		private final BlockingQueue<String> chat = new LinkedBlockingQueue<>();

		private final BlockingQueue<StompHeaders> errors = new LinkedBlockingQueue<>();

		private @Nullable StompSession session;

		static Page open(int port, String resumeToken) {
			Page page = new Page();
			StompHeaders connect = new StompHeaders();
			connect.add("X-Game-Session-Resume", resumeToken);
			WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
			StompSession session = client.connectAsync(URI.create("ws://localhost:" + port + "/lobby"),
					new WebSocketHttpHeaders(), connect, new StompSessionHandlerAdapter() {

						@Override
						public Type getPayloadType(StompHeaders headers) {
							return byte[].class;
						}

						@Override
						public void handleFrame(StompHeaders headers, @Nullable Object payload) {
							page.errors.add(headers);
						}

					})
				.orTimeout(10, TimeUnit.SECONDS)
				.join();
			page.session = session;
			page.subscribe("/user/queue/game-session", page.game);
			page.subscribe("/topic/chat", page.chat);
			return page;
		}

		private void subscribe(String destination, BlockingQueue<String> into) {
			StompSession session = this.session;
			assertThat(session).isNotNull();
			session.subscribe(destination, new StompFrameHandler() {

				@Override
				public Type getPayloadType(StompHeaders headers) {
					return byte[].class;
				}

				@Override
				public void handleFrame(StompHeaders headers, @Nullable Object payload) {
					into.add(new String((byte[]) payload, StandardCharsets.UTF_8));
				}

			});
		}

		void publish(String destination, String body) {
			StompSession session = this.session;
			assertThat(session).isNotNull();
			session.send(destination, body.getBytes(StandardCharsets.UTF_8));
		}

		JsonNode game() throws InterruptedException {
			return json.readTree(next(this.game));
		}

		String chat() throws InterruptedException {
			return next(this.chat);
		}

		StompHeaders error() throws InterruptedException {
			StompHeaders error = this.errors.poll(10, TimeUnit.SECONDS);
			assertThat(error).as("an ERROR frame").isNotNull();
			return error;
		}

		private static String next(BlockingQueue<String> queue) throws InterruptedException {
			String message = queue.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 seconds").isNotNull();
			return message;
		}

		void close() {
			StompSession session = this.session;
			if (session != null && session.isConnected()) {
				session.disconnect();
			}
		}

	}

}
