package dev.gamesessions.autoconfigure.stomp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.transport.Handshake;
import dev.gamesessions.autoconfigure.transport.HeaderAuthentication;
import dev.gamesessions.autoconfigure.transport.TestConnection;
import dev.gamesessions.autoconfigure.transport.TransportContractTests;
import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The transport contract over STOMP: the same game, reached through an application's
 * {@code @EnableWebSocketMessageBroker} endpoint, with no glue but a {@code @MessageMapping}
 * method that hands each text to the game's {@link GameMessageHandler}. The game's answers
 * arrive on the game destination; closes are an {@code ERROR} frame, whose message is the
 * reason, and the WebSocket close code. Two points of the contract are, by design,
 * different on STOMP (see the README's STOMP section) and tested here as STOMP does them:
 * idle connections are STOMP's heart-beats' business, and a full node refuses a
 * {@code CONNECT} with an {@code ERROR} frame, since the session is made at {@code CONNECT},
 * after the handshake.
 */
class StompTransportContractTests extends TransportContractTests {

	private static final Pattern STATUS = Pattern.compile("\\b([45]\\d\\d)\\b");

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

	@Override
	protected Class<?>[] extraConfiguration() {
		return new Class<?>[] { StompGame.class };
	}

	@Override
	protected TestConnection connect(Handshake handshake) {
		try {
			return new StompPlayer(StompTestClient.connect(uri(handshake), handshake.headers(), Map.of()));
		}
		catch (CompletionException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				Matcher status = STATUS.matcher(String.valueOf(cause.getMessage()));
				if (status.find()) {
					throw new TestConnection.Refused(Integer.parseInt(status.group(1)), "");
				}
			}
			throw ex;
		}
	}

	private URI uri(Handshake handshake) {
		String query = handshake.query()
			.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining("&"));
		return URI.create("ws://localhost:" + port() + "/stomp" + (query.isEmpty() ? "" : "?" + query));
	}

	/** STOMP connections are watched by STOMP's heart-beats, not by {@code websocket.idle-timeout}. */
	@Override
	@Test
	protected void aSilentConnectionIsClosedAfterTheIdleTimeout() {
		try (TestConnection player = connect(Handshake.plain())) {
			String id = player.welcome().get("sessionId").asString();
			// Past the contract's 4 s idle timeout, the connection is still served.
			await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
			player.send("echo:still here");
			assertThat(player.nextMessage()).isEqualTo("echo still here from " + id);
		}
	}

	/** The session is made at {@code CONNECT}: a full node answers it with an {@code ERROR} frame. */
	@Override
	@Test
	protected void aFullNodeRefusesNewPlayersWith503() {
		SessionManager manager = context().getBean(SessionManager.class);
		manager.destroy(false);
		try {
			for (int i = 0; i < MAX_SESSIONS; i++) {
				manager.create();
			}
			long refusedBefore = manager.refusedSessions();
			URI endpoint = URI.create("ws://localhost:" + port() + "/stomp");
			StompTestClient.Closed refused = StompTestClient.attempt(endpoint, Map.of(), Map.of()).client().awaitClose();
			assertThat(refused.error()).startsWith("capacity");
			// 1013: try again later.
			assertThat(refused.errorCode()).isEqualTo("1013");
			assertThat(manager.refusedSessions()).isEqualTo(refusedBefore + 1);
			assertThat(manager.size()).isEqualTo(MAX_SESSIONS);
		}
		finally {
			manager.destroy(false);
		}
	}

	/** A player over STOMP, as the contract sees one. */
	private static final class StompPlayer implements TestConnection {

		private final StompTestClient client;

		StompPlayer(StompTestClient client) {
			this.client = client;
		}

		@Override
		public JsonNode welcome() {
			return this.client.welcome();
		}

		@Override
		public void send(String text) {
			this.client.send("/app/game", text);
		}

		@Override
		public String nextMessage() {
			return this.client.nextMessage();
		}

		@Override
		public Closed awaitClose() {
			StompTestClient.Closed closed = this.client.awaitClose();
			return new Closed(closed.code(), (closed.error() != null) ? closed.error() : closed.reason());
		}

		@Override
		public void abort() {
			this.client.abort();
		}

		@Override
		public void close() {
			this.client.close();
		}

	}

	/**
	 * The contract's game behind a STOMP endpoint, with the stand-in for Spring Security at
	 * the handshake.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	@Import({ StompGame.Game.class, HeaderAuthentication.Servlet.class })
	static class StompGame implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
			// As the README advises: each player's frames handled one at a time, in order.
			registry.setPreserveReceiveOrder(true);
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/queue");
			registry.setApplicationDestinationPrefixes("/app");
		}

		@Controller
		static class Game {

			private final GameMessageHandler handler;

			Game(GameMessageHandler handler) {
				this.handler = handler;
			}

			@MessageMapping("/game")
			void game(Session session, String text) throws Exception {
				this.handler.handleMessage(session, text);
			}

		}

	}

}
