package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client (the JDK's) that records what it receives.
 */
final class TestClient implements WebSocket.Listener, AutoCloseable {

	static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<int[]> closed = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private volatile String closeReason = "";

	private WebSocket socket;

	static TestClient connect(URI uri) {
		return connect(uri, Map.of());
	}

	static TestClient connect(URI uri, Map<String, String> headers) {
		TestClient client = new TestClient();
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
		headers.forEach(builder::header);
		client.socket = builder.buildAsync(uri, client).join();
		return client;
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
		this.closeReason = reason;
		this.closed.complete(new int[] { statusCode });
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(new int[] { -1 });
	}

	String next() {
		try {
			String message = this.messages.poll(10, TimeUnit.SECONDS);
			if (message == null) {
				throw new AssertionError("No message within 10 seconds");
			}
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	JsonNode nextJson() {
		return json.readTree(next());
	}

	void send(String text) {
		this.socket.sendText(text, true).join();
	}

	int awaitCloseCode() {
		return this.closed.orTimeout(10, TimeUnit.SECONDS).join()[0];
	}

	String closeReason() {
		return this.closeReason;
	}

	boolean isClosed() {
		return this.closed.isDone();
	}

	/** Drops the connection without a close handshake, as a lost network would. */
	void abort() {
		this.socket.abort();
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally((ex) -> null);
		}
	}

}
