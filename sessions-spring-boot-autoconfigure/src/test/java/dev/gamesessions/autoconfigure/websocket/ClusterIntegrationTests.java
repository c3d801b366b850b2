package dev.gamesessions.autoconfigure.websocket;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.gamesessions.SessionManager;
import dev.gamesessions.UserDirectory;
import dev.gamesessions.autoconfigure.event.SessionInvalidEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several game nodes (application contexts on their own ports, separate node ids) sharing
 * one Redis, with real WebSocket clients.
 */
class ClusterIntegrationTests {

	private static RedisServer redis;

	private static int redisPort;

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	static void startRedis() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			redisPort = socket.getLocalPort();
		}
		redis = new RedisServer(redisPort);
		redis.start();
	}

	@AfterAll
	static void stopRedis() throws IOException {
		redis.stop();
	}

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	private ConfigurableApplicationContext node(String nodeId) {
		ConfigurableApplicationContext context = SpringApplication.run(ClusterNode.class, "--server.port=0",
				"--spring.main.banner-mode=off", "--game.sessions.store=redis",
				"--spring.data.redis.port=" + redisPort, "--game.sessions.redis.key-prefix=cluster-test:",
				"--game.sessions.redis.directory.node-id=" + nodeId,
				"--game.sessions.redis.directory.entry-time-to-live=3s", "--game.sessions.websocket.path=/play");
		this.nodes.add(context);
		return context;
	}

	private static URI play(ConfigurableApplicationContext node, String query) {
		int port = ((WebServerApplicationContext) node).getWebServer().getPort();
		return URI.create("ws://localhost:" + port + "/play" + query);
	}

	private static TestClient login(ConfigurableApplicationContext node, String name) {
		TestClient client = TestClient.connect(play(node, ""));
		client.nextJson();
		client.send("login:" + name);
		assertThat(client.next()).isEqualTo("welcome " + name);
		return client;
	}

	@Test
	void loginOnAnotherNodeKicksTheSocketOnTheFirst() {
		ConfigurableApplicationContext a = node("node-a");
		ConfigurableApplicationContext b = node("node-b");
		TestClient onA = login(a, "zed");
		assertThat(b.getBean(SessionManager.class).locate("zed")).get()
			.extracting(UserDirectory.Entry::nodeId)
			.isEqualTo("node-a");
		TestClient onB = login(b, "zed");
		assertThat(onA.awaitCloseCode()).isEqualTo(GameCloseStatus.KICKED);
		assertThat(a.getBean(SessionManager.class).findByUserId("zed")).isEmpty();
		assertThat(a.getBean(SessionManager.class).locate("zed")).get()
			.extracting(UserDirectory.Entry::nodeId)
			.isEqualTo("node-b");
		onB.close();
	}

	@Test
	void simultaneousLoginsOnTwoNodesLeaveOneLiveSession() {
		ConfigurableApplicationContext a = node("node-a");
		ConfigurableApplicationContext b = node("node-b");
		for (int round = 0; round < 10; round++) {
			String name = "racer-" + round;
			TestClient first = TestClient.connect(play(a, ""));
			TestClient second = TestClient.connect(play(b, ""));
			first.nextJson();
			second.nextJson();
			CompletableFuture.allOf(CompletableFuture.runAsync(() -> first.send("login:" + name)),
					CompletableFuture.runAsync(() -> second.send("login:" + name)))
				.join();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> a.getBean(SessionManager.class).findByUserId(name).isPresent()
						^ b.getBean(SessionManager.class).findByUserId(name).isPresent());
			first.close();
			second.close();
		}
	}

	@Test
	void resumeTokenOfAnotherNodeIsUnknownThereAndTheLoginMovesThePlayer() {
		ConfigurableApplicationContext a = node("node-a");
		ConfigurableApplicationContext b = node("node-b");
		TestClient onA = TestClient.connect(play(a, ""));
		JsonNode welcome = onA.nextJson();
		onA.send("login:yan");
		onA.next();
		onA.abort();
		List<SessionInvalidEvent> invalid = new ArrayList<>();
		b.addApplicationListener((ApplicationListener<SessionInvalidEvent>) invalid::add);
		TestClient onB = TestClient.connect(play(b, "?resume=" + welcome.get("resumeToken").asString()));
		JsonNode fresh = onB.nextJson();
		assertThat(fresh.get("sessionId").asString()).isNotEqualTo(welcome.get("sessionId").asString());
		assertThat(invalid).hasSize(1);
		onB.send("login:yan");
		assertThat(onB.next()).isEqualTo("welcome yan");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> a.getBean(SessionManager.class).findByUserId("yan").isEmpty());
		onB.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClusterNode {

		@Bean
		GameMessageHandler login() {
			return (session, message) -> {
				String name = message.substring("login:".length());
				session.identify(name);
				session.client().send("welcome " + name);
			};
		}

	}

}
