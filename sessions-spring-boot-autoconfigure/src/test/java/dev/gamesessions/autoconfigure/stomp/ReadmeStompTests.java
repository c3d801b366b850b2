package dev.gamesessions.autoconfigure.stomp;

import java.net.URI;
import java.util.Map;

import dev.gamesessions.Session;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's STOMP application, as written: no game sessions glue.
 */
@SpringBootTest(classes = ReadmeStompTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "game.sessions.store=memory")
class ReadmeStompTests {

	@LocalServerPort
	private int port;

	@Test
	void playersChatAndHearBackAsTheirSessions() {
		try (StompTestClient client = StompTestClient.connect(URI.create("ws://localhost:" + this.port + "/stomp"),
				Map.of())) {
			assertThat(client.welcome().get("userId").isNull()).isTrue();
			client.subscribe("/topic/chat");
			client.send("/app/chat", "hi");
			assertThat(client.nextMessage("/topic/chat")).isEqualTo("guest: hi");
			client.send("/app/login", "ana");
			// identifyAsync completes off the inbound channel: the next chat line may race it.
			await().untilAsserted(() -> {
				client.send("/app/chat", "me again");
				assertThat(client.nextMessage("/topic/chat")).isEqualTo("ana: me again");
			});
			client.send("/app/ping", "");
			assertThat(client.nextMessage()).isEqualTo("pong");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ StompConfig.class, Lobby.class })
	static class Application {

	}

}

// @formatter:off
// The README's snippet, verbatim.
@Configuration
@EnableWebSocketMessageBroker
class StompConfig implements WebSocketMessageBrokerConfigurer {

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/stomp");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.enableSimpleBroker("/topic", "/queue");
        registry.setApplicationDestinationPrefixes("/app");
    }
}

@Controller
class Lobby {

    @MessageMapping("/login")
    void login(Session session, String name) {
        session.identifyAsync(name);                  // never blocks the inbound channel
    }

    @MessageMapping("/chat")
    @SendTo("/topic/chat")
    String chat(Session session, String text) {       // the player's game session
        return (session.isIdentified() ? session.userId() : "guest") + ": " + text;
    }

    @MessageMapping("/ping")
    void ping(Session session) {
        session.client().send("pong");                 // to this player only
    }
}
// @formatter:on
