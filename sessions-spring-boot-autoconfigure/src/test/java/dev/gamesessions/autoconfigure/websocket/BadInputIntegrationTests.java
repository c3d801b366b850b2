package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A client's mistakes get a clear answer, never a 5xx or a stack trace in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = GameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.websocket.path=/play" })
class BadInputIntegrationTests {

	@LocalServerPort
	private int port;

	@Test
	void aResumeTokenThatCannotBeDecodedStartsAFreshSessionWithoutAnError(CapturedOutput output) {
		WebSocket socket = open("/play?resume=%00%ff%fe");
		socket.abort();
		assertThat(output).doesNotContain(" ERROR ").doesNotContain("MalformedInputException");
	}

	@Test
	void aForeignOriginIsRefusedWith403() {
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> TestClient.http.newWebSocketBuilder()
				.header("Origin", "http://evil.example")
				.buildAsync(uri("/play"), new WebSocket.Listener() {
				})
				.join())
			.havingCause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
	}

	@Test
	void oversizedAndBinaryMessagesCloseTheirConnectionWithTheDocumentedCodes(CapturedOutput output) {
		Closing oversized = new Closing();
		WebSocket big = open("/play", oversized);
		big.sendText("x".repeat(64 * 1024), true);
		assertThat(oversized.code).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(1009);
		Closing binary = new Closing();
		WebSocket bytes = open("/play", binary);
		bytes.sendBinary(ByteBuffer.wrap(new byte[] { 1, 2, 3 }), true);
		assertThat(binary.code).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(1003);
		assertThat(output).doesNotContain(" ERROR ");
	}

	private WebSocket open(String path) {
		return open(path, new WebSocket.Listener() {
		});
	}

	private WebSocket open(String path, WebSocket.Listener listener) {
		return TestClient.http.newWebSocketBuilder().buildAsync(uri(path), listener).join();
	}

	private URI uri(String path) {
		return URI.create("ws://localhost:" + this.port + path);
	}

	private static final class Closing implements WebSocket.Listener {

		final CompletableFuture<Integer> code = new CompletableFuture<>();

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.code.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.code.complete(-1);
		}

	}

}
