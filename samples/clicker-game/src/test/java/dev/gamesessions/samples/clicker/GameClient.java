package dev.gamesessions.samples.clicker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A player's page, as a JDK WebSocket client speaking the game's JSON messages. Event log
 * lines and player lists arrive whenever anyone does anything, interleaved with answers:
 * {@link #await} takes the first message that matches and leaves the others for later.
 */
final class GameClient implements WebSocket.Listener, AutoCloseable {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Guarded by itself. */
	private final List<JsonNode> inbox = new ArrayList<>();

	private final StringBuilder partial = new StringBuilder();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private volatile String closeReason = "";

	private final WebSocket socket;

	private GameClient(URI uri) {
		this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, this).join();
	}

	/** Connects and, like the page, asks for the game's state, event log and players list. */
	static GameClient connect(int port, String query) {
		GameClient client = new GameClient(URI.create("ws://localhost:" + port + "/play" + query));
		client.send("{\"type\":\"sync\"}");
		return client;
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			JsonNode message = json.readTree(this.partial.toString());
			synchronized (this.inbox) {
				this.inbox.add(message);
				this.inbox.notifyAll();
			}
			this.partial.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeReason = reason;
		this.closeCode.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closeCode.completeExceptionally(error);
	}

	void send(String message) {
		this.socket.sendText(message, true).join();
	}

	/** The next message of a type, within 10 seconds. */
	JsonNode await(String type) {
		return await(type, (message) -> true);
	}

	/** The first message of a type that matches, received or arriving within 10 seconds. */
	JsonNode await(String type, Predicate<JsonNode> matching) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		synchronized (this.inbox) {
			try {
				for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
					for (Iterator<JsonNode> messages = this.inbox.iterator(); messages.hasNext();) {
						JsonNode message = messages.next();
						if (type.equals(message.path("type").asString()) && matching.test(message)) {
							messages.remove();
							return message;
						}
					}
					TimeUnit.NANOSECONDS.timedWait(this.inbox, left);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new AssertionError("No matching '" + type + "' message within 10 seconds in " + this.inbox);
		}
	}

	int awaitCloseCode() {
		return this.closeCode.orTimeout(10, TimeUnit.SECONDS).join();
	}

	String closeReason() {
		return this.closeReason;
	}

	/** Drops the connection without a close handshake, as a lost network would. */
	void drop() {
		this.socket.abort();
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally((ex) -> null);
		}
	}

}
