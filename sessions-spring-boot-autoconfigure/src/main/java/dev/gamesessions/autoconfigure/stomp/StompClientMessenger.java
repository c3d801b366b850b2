package dev.gamesessions.autoconfigure.stomp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DataCodec;
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import dev.gamesessions.autoconfigure.websocket.RateLimitedWarnings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * {@link ClientMessenger} of a STOMP connection: what the game sends to the player arrives
 * as a STOMP {@code MESSAGE} on the player's subscription to the game destination
 * ({@code game.sessions.stomp.destination}, {@code /user/queue/game-session} by default),
 * {@code text/plain} for {@link #send(String)} and {@code application/json} for
 * {@link #sendJson(Object)}. A close sends an {@code ERROR} frame whose {@code message}
 * header is the reason and whose {@code game-close-code} header is the code, then closes
 * the connection with that code.
 * <p>
 * Until the client has subscribed to the game destination and its session is ready
 * (identified as the {@code CONNECT} principal, session data loaded), what is sent is held
 * (up to the send buffer size; past it, dropped with a WARN); then the welcome goes first
 * and the held messages follow in order. Sends go through Spring's STOMP handler on the
 * calling thread, bounded by the transport's send time and buffer limits; no lock is held
 * while a message is sent.
 */
final class StompClientMessenger implements ClientMessenger {

	static final MimeType TEXT = new MimeType("text", "plain", StandardCharsets.UTF_8);

	private static final Logger logger = LoggerFactory.getLogger(StompClientMessenger.class);

	private static final RateLimitedWarnings notSubscribed = new RateLimitedWarnings(logger, 10, TimeUnit.SECONDS);

	private final StompConnection connection;

	private final DataCodec codec;

	private final String destination;

	private final long holdLimit;

	// Guarded by this.
	private @Nullable List<Outgoing> held = new ArrayList<>();

	private long heldBytes;

	private boolean ready;

	private boolean releasing;

	private @Nullable Supplier<?> welcome;

	private volatile @Nullable String subscriptionId;

	private volatile boolean closing;

	/**
	 * Creates a messenger that holds what is sent until {@link #ready(Supplier)} and a
	 * subscription to the destination.
	 * @param connection the connection
	 * @param codec the codec of {@link #sendJson(Object)}
	 * @param destination the game destination the client subscribes to
	 * @param holdLimit most bytes held before the client subscribes
	 */
	StompClientMessenger(StompConnection connection, DataCodec codec, String destination, long holdLimit) {
		this.connection = connection;
		this.codec = codec;
		this.destination = destination;
		this.holdLimit = holdLimit;
	}

	String destination() {
		return this.destination;
	}

	/**
	 * The client subscribed to the game destination.
	 * @param subscriptionId the subscription's id
	 */
	void subscribed(String subscriptionId) {
		this.subscriptionId = subscriptionId;
		release();
	}

	/**
	 * The client ended a subscription; when it is the game destination's, sends are
	 * dropped from now on.
	 * @param subscriptionId the subscription's id
	 */
	void unsubscribed(String subscriptionId) {
		if (subscriptionId.equals(this.subscriptionId)) {
			this.subscriptionId = null;
		}
	}

	/**
	 * The session is ready: once the client has subscribed, the welcome goes out, then what
	 * was held.
	 * @param welcome the first message, built when it is sent, or {@code null} for none
	 */
	void ready(@Nullable Supplier<?> welcome) {
		synchronized (this) {
			this.ready = true;
			this.welcome = welcome;
		}
		release();
	}

	private void release() {
		List<Outgoing> batch;
		Supplier<?> first;
		synchronized (this) {
			if (!this.ready || this.subscriptionId == null || this.held == null || this.releasing) {
				return;
			}
			this.releasing = true;
			batch = this.held;
			first = this.welcome;
			this.welcome = null;
			// Keep holding while the backlog goes out, so that nothing overtakes it.
			this.held = new ArrayList<>();
			this.heldBytes = 0;
		}
		if (first != null) {
			sendNow(new Outgoing(this.codec.encode(first.get()).getBytes(StandardCharsets.UTF_8),
					MimeTypeUtils.APPLICATION_JSON));
		}
		while (true) {
			batch.forEach(this::sendNow);
			synchronized (this) {
				List<Outgoing> more = this.held;
				if (more == null || more.isEmpty()) {
					this.held = null;
					this.releasing = false;
					return;
				}
				batch = more;
				this.held = new ArrayList<>();
				this.heldBytes = 0;
			}
		}
	}

	@Override
	public void send(String text) {
		enqueue(new Outgoing(text.getBytes(StandardCharsets.UTF_8), TEXT));
	}

	@Override
	public void sendJson(Object value) {
		enqueue(new Outgoing(this.codec.encode(value).getBytes(StandardCharsets.UTF_8), MimeTypeUtils.APPLICATION_JSON));
	}

	private void enqueue(Outgoing message) {
		if (this.closing) {
			return;
		}
		synchronized (this) {
			List<Outgoing> waiting = this.held;
			if (waiting != null) {
				if (this.heldBytes + message.payload().length <= this.holdLimit) {
					waiting.add(message);
					this.heldBytes += message.payload().length;
				}
				else {
					notSubscribed.report("A STOMP client has not subscribed to " + this.destination
							+ " and more than " + this.holdLimit
							+ " bytes are waiting for it; what session.client() sends it is dropped");
				}
				return;
			}
		}
		sendNow(message);
	}

	private void sendNow(Outgoing message) {
		String subscription = this.subscriptionId;
		if (this.closing || subscription == null || !this.connection.isOpen()) {
			return;
		}
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setSessionId(this.connection.getId());
		headers.setSubscriptionId(subscription);
		headers.setDestination(this.destination);
		headers.setContentType(message.type());
		headers.setLeaveMutable(true);
		this.connection.send(MessageBuilder.createMessage(message.payload(), headers.getMessageHeaders()));
	}

	@Override
	public boolean isOpen() {
		return !this.closing && this.connection.isOpen();
	}

	@Override
	public void close(int code, String reason) {
		synchronized (this) {
			if (this.closing) {
				return;
			}
			this.closing = true;
			this.held = null;
		}
		this.connection.end(GameCloseStatus.of(code, reason), code);
	}

	@Override
	public String toString() {
		return "StompClientMessenger[" + this.connection.getId() + "]";
	}

	private record Outgoing(byte[] payload, MimeType type) {
	}

}
