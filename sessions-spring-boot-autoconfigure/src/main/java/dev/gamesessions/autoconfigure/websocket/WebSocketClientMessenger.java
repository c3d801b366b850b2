package dev.gamesessions.autoconfigure.websocket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DataCodec;
import org.jspecify.annotations.Nullable;
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
 * listeners of the session's start already sent to the player.
 */
final class WebSocketClientMessenger implements ClientMessenger {

	private static final Logger logger = LoggerFactory.getLogger(WebSocketClientMessenger.class);

	private final WebSocketSession connection;

	private final DataCodec codec;

	/** Messages waiting for {@link #release(Object)}; {@code null} once sends go out. */
	private volatile @Nullable List<String> held;

	WebSocketClientMessenger(WebSocketSession connection, int sendTimeLimitMillis, int bufferSizeLimit,
			DataCodec codec) {
		this.connection = new ConcurrentWebSocketSessionDecorator(connection, sendTimeLimitMillis, bufferSizeLimit,
				ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
		this.codec = codec;
	}

	static WebSocketClientMessenger holding(WebSocketSession connection, int sendTimeLimitMillis,
			int bufferSizeLimit, DataCodec codec) {
		WebSocketClientMessenger messenger = new WebSocketClientMessenger(connection, sendTimeLimitMillis,
				bufferSizeLimit, codec);
		messenger.held = new ArrayList<>();
		return messenger;
	}

	/**
	 * Sends {@code first}, then whatever was held, and from then on sends at once.
	 * @param first the message to send before the held ones, encoded as JSON
	 */
	void release(Object first) {
		synchronized (this) {
			List<String> waiting = this.held;
			this.held = null;
			sendNow(this.codec.encode(first));
			if (waiting != null) {
				waiting.forEach(this::sendNow);
			}
		}
	}

	WebSocketSession connection() {
		return this.connection;
	}

	@Override
	public void send(String text) {
		if (this.held != null && this.connection.isOpen()) {
			synchronized (this) {
				List<String> waiting = this.held;
				if (waiting != null) {
					waiting.add(text);
					return;
				}
			}
		}
		sendNow(text);
	}

	private void sendNow(String text) {
		if (!this.connection.isOpen()) {
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
		try {
			this.connection.close(GameCloseStatus.of(code, reason));
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
