package dev.gamesessions.autoconfigure.stomp;

import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real STOMP client (Spring's {@link WebSocketStompClient} over the JSR-356 client) as a
 * player would use it: connects, subscribes to the game destination, records what arrives
 * there and on other subscriptions, and how the connection ended (the {@code ERROR} frame
 * and the WebSocket close status).
 * <p>
 * Shaped like the other transports' test clients: {@link #connect}, {@link #welcome()},
 * {@link #send(String, String)}, {@link #nextMessage()}, {@link #awaitClose()}.
 */
final class StompTestClient implements AutoCloseable {

	static final String GAME_DESTINATION = GameSessionsStompProperties.DEFAULT_DESTINATION;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final long WAIT_SECONDS = 10;

	private final Map<String, BlockingQueue<String>> received = new ConcurrentHashMap<>();

	private final CompletableFuture<Closed> closed = new CompletableFuture<>();

	private volatile @Nullable StompHeaders error;

	private @Nullable StompSession session;

	private volatile @Nullable WebSocketSession socket;

	/**
	 * How the connection ended.
	 *
	 * @param code the WebSocket close code
	 * @param reason the WebSocket close reason
	 * @param error the {@code message} header of the {@code ERROR} frame, or {@code null}
	 * @param errorCode the {@code game-close-code} header of the {@code ERROR} frame, or
	 * {@code null}
	 */
	record Closed(int code, String reason, @Nullable String error, @Nullable String errorCode) {
	}

	private StompTestClient() {
	}

	/**
	 * Connects and subscribes to the game destination.
	 * @param uri the endpoint
	 * @param connectHeaders headers of the {@code CONNECT} frame
	 * @return the connected client
	 */
	static StompTestClient connect(URI uri, Map<String, String> connectHeaders) {
		return connect(uri, Map.of(), connectHeaders);
	}

	/**
	 * Connects and subscribes to the game destination.
	 * @param uri the endpoint
	 * @param handshakeHeaders headers of the WebSocket handshake
	 * @param connectHeaders headers of the {@code CONNECT} frame
	 * @return the connected client
	 */
	static StompTestClient connect(URI uri, Map<String, String> handshakeHeaders, Map<String, String> connectHeaders) {
		StompTestClient client = new StompTestClient();
		client.session = client.open(uri, handshakeHeaders, connectHeaders).orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
			.join();
		client.subscribe(GAME_DESTINATION);
		return client;
	}

	/**
	 * Starts a connection that may be refused, at the handshake or with an {@code ERROR}
	 * frame in answer to {@code CONNECT}.
	 * @param uri the endpoint
	 * @param handshakeHeaders headers of the WebSocket handshake
	 * @param connectHeaders headers of the {@code CONNECT} frame
	 * @return the client, and the future of its session
	 */
	static Attempt attempt(URI uri, Map<String, String> handshakeHeaders, Map<String, String> connectHeaders) {
		StompTestClient client = new StompTestClient();
		return new Attempt(client, client.open(uri, handshakeHeaders, connectHeaders));
	}

	record Attempt(StompTestClient client, CompletableFuture<StompSession> session) {
	}

	private CompletableFuture<StompSession> open(URI uri, Map<String, String> handshakeHeaders,
			Map<String, String> connectHeaders) {
		WebSocketStompClient stomp = new WebSocketStompClient(new CloseRecordingClient(new StandardWebSocketClient()));
		WebSocketHttpHeaders handshake = new WebSocketHttpHeaders();
		handshakeHeaders.forEach(handshake::add);
		StompHeaders connect = new StompHeaders();
		connectHeaders.forEach(connect::add);
		return stomp.connectAsync(uri, handshake, connect, new StompSessionHandlerAdapter() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, @Nullable Object payload) {
				// Only ERROR frames arrive here (messages go to their subscriptions).
				StompTestClient.this.error = headers;
			}

		});
	}

	/**
	 * Subscribes to a destination; what arrives there is read with {@link #nextMessage(String)}.
	 * @param destination the destination
	 */
	void subscribe(String destination) {
		this.received.computeIfAbsent(destination, (key) -> new LinkedBlockingQueue<>());
		session().subscribe(destination, new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, @Nullable Object payload) {
				String text = (payload != null) ? new String((byte[]) payload, StandardCharsets.UTF_8) : "";
				StompTestClient.this.received.get(destination).add(text);
			}

		});
	}

	/**
	 * The welcome: the first message on the game destination.
	 * @return its JSON, checked to be the session message
	 */
	JsonNode welcome() {
		JsonNode welcome = json.readTree(nextMessage());
		assertThat(welcome.get("type").asString()).isEqualTo("session");
		return welcome;
	}

	/**
	 * Sends a text to an application destination.
	 * @param destination the destination, such as {@code /app/echo}
	 * @param payload the text
	 */
	void send(String destination, String payload) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setContentType(StompClientMessenger.TEXT);
		session().send(headers, payload.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The next message on the game destination (what the game sent with
	 * {@code session.client()}).
	 * @return its body
	 */
	String nextMessage() {
		return nextMessage(GAME_DESTINATION);
	}

	JsonNode nextJson() {
		return json.readTree(nextMessage());
	}

	/**
	 * The next message on a subscribed destination.
	 * @param destination the destination
	 * @return its body
	 */
	String nextMessage(String destination) {
		try {
			String message = this.received.get(destination).poll(WAIT_SECONDS, TimeUnit.SECONDS);
			if (message == null) {
				throw new AssertionError("No message on " + destination + " within " + WAIT_SECONDS + " seconds");
			}
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Whether nothing more has arrived on a destination so far.
	 * @param destination the destination
	 * @return {@code true} when its queue is empty
	 */
	boolean nothingOn(String destination) {
		return this.received.get(destination).isEmpty();
	}

	/**
	 * Waits for the connection to end.
	 * @return how it ended
	 */
	Closed awaitClose() {
		return this.closed.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
	}

	boolean isClosed() {
		return this.closed.isDone();
	}

	/** Sends {@code DISCONNECT} and closes the connection, as a player leaving. */
	@Override
	public void close() {
		StompSession session = this.session;
		if (session != null && session.isConnected()) {
			session.disconnect();
		}
	}

	/** Drops the WebSocket without a {@code DISCONNECT} frame, as a lost network would. */
	void abort() {
		WebSocketSession socket = this.socket;
		if (socket != null) {
			try {
				socket.close(CloseStatus.GOING_AWAY);
			}
			catch (java.io.IOException ex) {
				// Gone already.
			}
		}
	}

	private StompSession session() {
		StompSession session = this.session;
		if (session == null) {
			throw new IllegalStateException("Not connected");
		}
		return session;
	}

	/** Records the close status, which the STOMP client does not expose. */
	private final class CloseRecordingClient implements WebSocketClient {

		private final WebSocketClient delegate;

		CloseRecordingClient(WebSocketClient delegate) {
			this.delegate = delegate;
		}

		@Override
		public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, String uriTemplate,
				@Nullable Object... uriVariables) {
			return this.delegate.execute(recording(handler), uriTemplate, uriVariables);
		}

		@Override
		public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, @Nullable WebSocketHttpHeaders headers,
				URI uri) {
			return this.delegate.execute(recording(handler), headers, uri);
		}

		private WebSocketHandler recording(WebSocketHandler handler) {
			return new WebSocketHandlerDecorator(handler) {

				@Override
				public void afterConnectionEstablished(WebSocketSession session) throws Exception {
					StompTestClient.this.socket = session;
					super.afterConnectionEstablished(session);
				}

				@Override
				public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
					try {
						// First: the STOMP session (and its future) learns of the close.
						super.afterConnectionClosed(session, status);
					}
					finally {
						StompHeaders error = StompTestClient.this.error;
						StompTestClient.this.closed.complete(new Closed(status.getCode(),
								(status.getReason() != null) ? status.getReason() : "",
								(error != null) ? error.getFirst("message") : null,
								(error != null) ? error.getFirst("game-close-code") : null));
					}
				}

			};
		}

	}

}
