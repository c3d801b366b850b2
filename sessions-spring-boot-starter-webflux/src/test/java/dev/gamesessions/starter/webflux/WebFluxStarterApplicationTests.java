package dev.gamesessions.starter.webflux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh application with only the WebFlux starter and a four-line application.yml: it
 * stays reactive (no servlet container comes with the starter) and serves the game's
 * WebSocket endpoint on Reactor Netty.
 */
@SpringBootTest(classes = WebFluxStarterApplicationTests.FreshApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class WebFluxStarterApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private SessionManager manager;

	@Test
	void theApplicationIsReactiveWithoutAServletContainer() {
		assertThat(this.context).isInstanceOf(ReactiveWebServerApplicationContext.class);
		assertThat(((ReactiveWebServerApplicationContext) this.context).getWebServer().getClass().getSimpleName())
			.isEqualTo("NettyWebServer");
		assertThat(ClassUtils.isPresent("jakarta.servlet.Servlet", getClass().getClassLoader())).isFalse();
		assertThat(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", getClass().getClassLoader())).isFalse();
	}

	@Test
	void thePathServesTheGameEndpoint() {
		CompletableFuture<String> welcome = new CompletableFuture<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(URI.create("ws://localhost:" + this.port + "/play"), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					welcome.complete(data.toString());
					return null;
				}

			})
			.join();
		String message = welcome.orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(message).contains("\"type\":\"session\"");
		String id = message.replaceAll(".*\"sessionId\":\"([^\"]+)\".*", "$1");
		assertThat(this.manager.findById(id)).get().extracting((session) -> session.state())
			.isEqualTo(SessionState.STARTED);
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
	}

	@SpringBootApplication
	static class FreshApplication {

	}

}
