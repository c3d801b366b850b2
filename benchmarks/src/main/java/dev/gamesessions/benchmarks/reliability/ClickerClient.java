package dev.gamesessions.benchmarks.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One player of the clicker sample over a real WebSocket connection (the JDK's client):
 * sends {@code login} and {@code click}, and keeps what the server last said.
 */
final class ClickerClient implements WebSocket.Listener {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final StringBuilder text = new StringBuilder();

	private volatile WebSocket socket;

	/** The name of the last {@code state}, {@code null} while a guest. */
	volatile String name;

	/** Coins of the last {@code state}; -1 before one. */
	volatile int coins = -1;

	/** The close code, 0 while open; -1 for an error without a close frame. */
	volatile int closeCode;

	/** The resume token of the welcome message. */
	volatile String resumeToken;

	final AtomicInteger states = new AtomicInteger();

	final List<String> errors = new CopyOnWriteArrayList<>();

	static CompletableFuture<ClickerClient> connect(HttpClient http, URI uri) {
		ClickerClient client = new ClickerClient();
		return http.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(30))
			.buildAsync(uri, client)
			.thenApply((socket) -> {
				client.socket = socket;
				return client;
			});
	}

	void login(String player) {
		send("{\"type\":\"login\",\"name\":\"" + player + "\"}");
	}

	void click() {
		send("{\"type\":\"click\"}");
	}

	/** Sends any text, readable or not. */
	void sendRaw(String text) {
		send(text);
	}

	synchronized void sendBinary(byte[] bytes) {
		if (this.closeCode == 0) {
			this.socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).exceptionally((ex) -> null).join();
		}
	}

	void close() {
		if (this.closeCode == 0) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
		}
	}

	void abort() {
		this.socket.abort();
	}

	boolean isLoggedInAs(String player) {
		return this.closeCode == 0 && player.equals(this.name);
	}

	boolean isOpen() {
		return this.closeCode == 0;
	}

	private synchronized void send(String message) {
		if (this.closeCode == 0) {
			this.socket.sendText(message, true).exceptionally((ex) -> null).join();
		}
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			JsonNode message = json.readTree(this.text.toString());
			this.text.setLength(0);
			String type = message.path("type").asString("");
			if (type.equals("session")) {
				this.resumeToken = message.path("resumeToken").asString(null);
			}
			else if (type.equals("state")) {
				JsonNode name = message.path("name");
				this.name = (name.isString()) ? name.asString() : null;
				this.coins = message.path("coins").asInt();
				this.states.incrementAndGet();
			}
			else if (type.equals("error")) {
				this.errors.add(message.path("text").asString(""));
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closeCode = statusCode;
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		if (this.closeCode == 0) {
			this.closeCode = -1;
		}
	}

}
