package dev.gamesessions.autoconfigure.websocket;

import java.io.IOException;
import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DataCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * {@link ClientMessenger} over one WebSocket connection. Sends go through a
 * {@link ConcurrentWebSocketSessionDecorator}: a player who reads too slowly (send time or
 * buffer limit exceeded) is disconnected instead of filling memory.
 * <p>
 * A messenger created {@link #holding(WebSocketSession, int, int, DataCodec) holding}
 * keeps what is sent to it until {@link #release(Object)}, which sends the given first
 * message and then the held ones, in order: the protocol's welcome comes first even when
 * listeners of the session's start already sent to the player. No lock is held while a
 * message is sent.
 * <p>
 * A close goes straight to the connection, not through the decorator: the close code the
 * server chose (4000 for a kick, say) reaches the player even when the outbound buffer is
 * full (the decorator would rewrite it to 4500), and what is still queued for the player is
 * dropped rather than sent ahead of the close.
 */
final class WebSocketClientMessenger implements ClientMessenger {

	private static final Logger logger = LoggerFactory.getLogger(WebSocketClientMessenger.class);

	private final WebSocketSession socket;

	private final WebSocketSession connection;

	private final DataCodec codec;

	private final HeldMessages<String> held;

	private volatile boolean closing;

	WebSocketClientMessenger(WebSocketSession connection, int sendTimeLimitMillis, int bufferSizeLimit,
			DataCodec codec) {
		this(connection, sendTimeLimitMillis, bufferSizeLimit, codec, false);
	}

	private WebSocketClientMessenger(WebSocketSession connection, int sendTimeLimitMillis, int bufferSizeLimit,
			DataCodec codec, boolean holding) {
		this.held = new HeldMessages<>(holding);
		this.socket = connection;
		this.connection = new ConcurrentWebSocketSessionDecorator(connection, sendTimeLimitMillis, bufferSizeLimit,
				ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
		this.codec = codec;
	}

	static WebSocketClientMessenger holding(WebSocketSession connection, int sendTimeLimitMillis,
			int bufferSizeLimit, DataCodec codec) {
		return new WebSocketClientMessenger(connection, sendTimeLimitMillis, bufferSizeLimit, codec, true);
	}

	/**
	 * Sends {@code first}, then whatever was held (and whatever arrives meanwhile), and from
	 * then on sends at once.
	 * @param first the message to send before the held ones, encoded as JSON
	 */
	void release(Object first) {
		this.held.release(this.codec.encode(first), this::sendNow);
	}

	WebSocketSession connection() {
		return this.connection;
	}

	@Override
	public void send(String text) {
		if (!this.held.hold(text)) {
			sendNow(text);
		}
	}

	private void sendNow(String text) {
		if (this.closing || !this.connection.isOpen()) {
			return;
		}
		try {
			this.connection.sendMessage(new TextMessage(text));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not send to connection {}: {}", this.connection.getId(), ex.toString());
		}
	}

	@Override
	public void sendJson(Object value) {
		send(this.codec.encode(value));
	}

	@Override
	public boolean isOpen() {
		return this.connection.isOpen();
	}

	@Override
	public void close(int code, String reason) {
		synchronized (this) {
			if (this.closing) {
				return;
			}
			this.closing = true;
		}
		try {
			this.socket.close(GameCloseStatus.of(code, reason));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not close connection {}: {}", this.connection.getId(), ex.toString());
		}
	}

	@Override
	public String toString() {
		return "WebSocketClientMessenger[" + this.connection.getId() + "]";
	}

}
