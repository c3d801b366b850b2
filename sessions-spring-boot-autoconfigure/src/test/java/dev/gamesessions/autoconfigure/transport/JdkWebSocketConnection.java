package dev.gamesessions.autoconfigure.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link TestConnection} over a plain WebSocket with the JDK's client: the servlet and
 * the WebFlux endpoints speak the same protocol.
 */
public final class JdkWebSocketConnection implements TestConnection, WebSocket.Listener {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Closed> closed = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private WebSocket socket;

	private JdkWebSocketConnection() {
	}

	/**
	 * Opens a connection.
	 * @param endpoint the endpoint, such as {@code ws://localhost:8080/play}
	 * @param handshake the headers and query parameters
	 * @return the open connection
	 * @throws TestConnection.Refused when the server refuses the handshake
	 */
	public static JdkWebSocketConnection open(URI endpoint, Handshake handshake) {
		String query = handshake.query()
			.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		URI uri = query.isEmpty() ? endpoint : URI.create(endpoint + "?" + query);
		JdkWebSocketConnection connection = new JdkWebSocketConnection();
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
		handshake.headers().forEach(builder::header);
		try {
			connection.socket = builder.buildAsync(uri, connection).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				throw new Refused(refused.getResponse().statusCode(),
						refused.getResponse().headers().firstValue("X-Game-Session-Error").orElse(""));
			}
			throw ex;
		}
		return connection;
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
		this.closed.complete(new Closed(statusCode, reason));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(new Closed(-1, error.toString()));
	}

	@Override
	public JsonNode welcome() {
		return json.readTree(nextMessage());
	}

	@Override
	public void send(String text) {
		this.socket.sendText(text, true).join();
	}

	@Override
	public String nextMessage() {
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

	@Override
	public Closed awaitClose() {
		return this.closed.orTimeout(15, TimeUnit.SECONDS).join();
	}

	@Override
	public void abort() {
		this.socket.abort();
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally((ex) -> null);
		}
	}

}
