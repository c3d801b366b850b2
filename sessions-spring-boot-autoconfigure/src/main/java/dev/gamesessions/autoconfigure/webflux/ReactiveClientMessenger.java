package dev.gamesessions.autoconfigure.webflux;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DataCodec;
import dev.gamesessions.autoconfigure.websocket.HeldMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * {@link ClientMessenger} over one reactive WebSocket connection. Sends from any thread go
 * into one outbound queue that the connection drains as fast as the player reads; a player
 * whose queue holds more than the send buffer limit (characters of text not yet taken by
 * the connection), or whose queue has not moved for the send time limit, is disconnected
 * with {@value #SESSION_NOT_RELIABLE}, as the servlet endpoint does,
 * instead of filling memory.
 * <p>
 * A messenger created holding keeps what is sent to it until {@link #release(Object)},
 * which sends the given first message and then the held ones, in order: the protocol's
 * welcome comes first even when listeners of the session's start already sent to the
 * player. No lock is held while a message is handed to the connection.
 * <p>
 * A close goes straight to the connection: the close code the server chose reaches the
 * player even when the queue is full, and what is still queued is dropped.
 */
final class ReactiveClientMessenger implements ClientMessenger {

	/**
	 * 4500: the player does not read fast enough (the servlet side's
	 * {@code CloseStatus.SESSION_NOT_RELIABLE}).
	 */
	static final int SESSION_NOT_RELIABLE = 4500;

	private static final Logger logger = LoggerFactory.getLogger(ReactiveClientMessenger.class);

	/** Stands for a ping in the outbound queue. */
	private static final Object PING = new Object();

	/** Retries a send that raced another thread's send to the same player. */
	private static final Sinks.EmitFailureHandler RACING_SENDS = Sinks.EmitFailureHandler
		.busyLooping(Duration.ofMillis(100));

	private final WebSocketSession connection;

	private final DataCodec codec;

	private final long bufferLimit;

	private final Sinks.Many<Object> outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.unbounded(16).get());

	/** Characters queued and not yet taken by the connection. */
	private final AtomicLong queued = new AtomicLong();

	/** When the queue last became non-empty or moved ({@link System#nanoTime()}); 0 while empty. */
	private volatile long stalledSince;

	private final HeldMessages<String> held;

	private volatile boolean closing;

	private volatile boolean closed;

	ReactiveClientMessenger(WebSocketSession connection, long bufferLimit, DataCodec codec, boolean holding) {
		this.connection = connection;
		this.bufferLimit = bufferLimit;
		this.codec = codec;
		this.held = new HeldMessages<>(holding);
	}

	/**
	 * What the connection sends: the queue, as messages, until the messenger closes.
	 * @return the messages, for {@link WebSocketSession#send}
	 */
	Flux<WebSocketMessage> messages() {
		return this.outbound.asFlux().filter((item) -> !this.closing).map(this::toMessage);
	}

	private WebSocketMessage toMessage(Object item) {
		if (item == PING) {
			return this.connection.pingMessage((buffers) -> buffers.allocateBuffer(0));
		}
		String text = (String) item;
		this.stalledSince = (this.queued.addAndGet(-text.length()) > 0) ? System.nanoTime() : 0;
		return this.connection.textMessage(text);
	}

	/**
	 * Sends {@code first}, then whatever was held (and whatever arrives meanwhile), and from
	 * then on sends at once.
	 * @param first the message to send before the held ones, encoded as JSON
	 */
	void release(Object first) {
		this.held.release(this.codec.encode(first), this::enqueue);
	}

	@Override
	public void send(String text) {
		if (!this.held.hold(text)) {
			enqueue(text);
		}
	}

	private void enqueue(String text) {
		if (!isOpen()) {
			return;
		}
		long total = this.queued.addAndGet(text.length());
		if (total > this.bufferLimit) {
			logger.debug("Send buffer of connection {} is full ({} characters queued); closing it",
					this.connection.getId(), total);
			close(SESSION_NOT_RELIABLE, "Send buffer full");
			return;
		}
		if (this.stalledSince == 0) {
			this.stalledSince = System.nanoTime();
		}
		emit(text);
	}

	/** Queues a ping, unless the connection is closing. */
	void ping() {
		if (isOpen()) {
			emit(PING);
		}
	}

	private void emit(Object item) {
		try {
			this.outbound.emitNext(item, RACING_SENDS);
		}
		catch (Sinks.EmissionException ex) {
			logger.debug("Could not send to connection {}: {}", this.connection.getId(), ex.toString());
		}
	}

	/**
	 * Whether queued messages have not moved for longer than {@code limitNanos} at
	 * {@code now}.
	 */
	/**
	 * When the queue last became non-empty or moved.
	 * @return the time ({@link System#nanoTime()}), or 0 while the queue is empty
	 */
	long stalledSince() {
		return this.stalledSince;
	}

	boolean isStalled(long now, long limitNanos) {
		long since = this.stalledSince;
		return since != 0 && now - since > limitNanos;
	}

	@Override
	public void sendJson(Object value) {
		send(this.codec.encode(value));
	}

	@Override
	public boolean isOpen() {
		return !this.closing && !this.closed;
	}

	@Override
	public void close(int code, String reason) {
		synchronized (this) {
			if (this.closing) {
				return;
			}
			this.closing = true;
		}
		complete();
		if (this.closed) {
			return;
		}
		this.connection.close(new CloseStatus(code, truncate(reason)))
			.subscribe(null, (failure) -> logger.debug("Could not close connection {}: {}", this.connection.getId(),
					failure.toString()));
	}

	/** The connection has ended: nothing more is sent. */
	void closed() {
		this.closed = true;
		complete();
	}

	private void complete() {
		try {
			this.outbound.emitComplete(RACING_SENDS);
		}
		catch (Sinks.EmissionException ex) {
			logger.debug("Could not end the sends of connection {}: {}", this.connection.getId(), ex.toString());
		}
	}

	/** Close reasons are limited to 123 bytes by the protocol. */
	private static String truncate(String reason) {
		return (reason.length() <= 100) ? reason : reason.substring(0, 100);
	}

	@Override
	public String toString() {
		return "ReactiveClientMessenger[" + this.connection.getId() + "]";
	}

}
