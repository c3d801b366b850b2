package dev.gamesessions.autoconfigure.stomp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;
import org.springframework.web.socket.sockjs.transport.SockJsSession;

/**
 * One STOMP connection as the game sessions integration sees it: the WebSocket session
 * that Spring's STOMP handler sends through (so that the game can end it with an
 * {@code ERROR} frame and its own close code, see {@link #end(CloseStatus, Integer)}), the
 * way to send frames to this client, its {@link StompClientMessenger} once {@code CONNECT}
 * has been handled, and the client's frames held while its session is being identified.
 * <p>
 * Kept in the WebSocket session's attributes, which Spring's STOMP support also exposes as
 * the messages' session attributes.
 */
final class StompConnection extends WebSocketSessionDecorator {

	static final String ATTRIBUTE = StompConnection.class.getName();

	/**
	 * Header of an {@code ERROR} frame carrying the game's close code (4000 kicked, …).
	 */
	static final String CLOSE_CODE_HEADER = "game-close-code";

	private static final Logger logger = LoggerFactory.getLogger(StompConnection.class);

	private static final StompEncoder encoder = new StompEncoder();

	private final MessageHandler toClient;

	/** Whether frames are written here (WebSocket) or only through Spring's handler (SockJS). */
	private final boolean direct;

	private final ReentrantLock sending = new ReentrantLock();

	private volatile @Nullable TextMessage pendingError;

	private volatile @Nullable CloseStatus requestedClose;

	private volatile @Nullable StompClientMessenger messenger;

	/** Frames from the client waiting for the session to be ready; {@code null} when none wait. */
	private @Nullable List<Message<?>> held;

	private @Nullable MessageChannel inbound;

	/** The thread sending the held frames on; its sends are not held again. */
	private @Nullable Thread releaser;

	StompConnection(WebSocketSession socket, MessageHandler toClient) {
		super(socket);
		this.toClient = toClient;
		this.direct = !(socket instanceof SockJsSession);
	}

	/**
	 * The connection of a message's session attributes.
	 * @param sessionAttributes the attributes, from the message headers
	 * @return the connection, or {@code null} when the message did not come through a
	 * connection of ours
	 */
	static @Nullable StompConnection of(@Nullable Map<String, Object> sessionAttributes) {
		return (sessionAttributes != null && sessionAttributes.get(ATTRIBUTE) instanceof StompConnection connection)
				? connection : null;
	}

	@Nullable StompClientMessenger messenger() {
		return this.messenger;
	}

	void messenger(StompClientMessenger messenger) {
		this.messenger = messenger;
	}

	/**
	 * Sends a message to this client as Spring's broker would (through the STOMP handler
	 * and its bounded send buffer), on the calling thread, so that what one thread sends
	 * arrives in order.
	 * @param message the message, with this connection's session id
	 */
	void send(Message<?> message) {
		try {
			this.toClient.handleMessage(message);
		}
		catch (RuntimeException ex) {
			// Gone or over its limits: Spring's handler closes such a connection itself.
			logger.debug("Could not send to STOMP connection {}: {}", getId(), ex.toString());
		}
	}

	/**
	 * Ends the connection: an {@code ERROR} frame whose {@code message} header and body are
	 * the reason (and whose {@value #CLOSE_CODE_HEADER} header is the code), then the close
	 * with that status. The frame is written here, not through Spring's STOMP handler, which
	 * closes at once after handing a frame to its send buffer, so that a frame waiting behind
	 * another send would be lost. Never waits for a send under way on another thread: that
	 * thread writes the frame and closes when its send is done.
	 * @param status the close status, its reason safe to show to the player
	 * @param code the game's close code for the header, or {@code null} for none
	 */
	void end(CloseStatus status, @Nullable Integer code) {
		String reason = (status.getReason() != null) ? status.getReason() : "";
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(reason);
		if (code != null) {
			error.setNativeHeader(CLOSE_CODE_HEADER, code.toString());
		}
		error.setContentType(StompClientMessenger.TEXT);
		byte[] payload = reason.getBytes(StandardCharsets.UTF_8);
		this.requestedClose = status;
		if (!this.direct) {
			// SockJS: Spring's handler sends the frame and closes (with STOMP's status).
			error.setSessionId(getId());
			send(MessageBuilder.createMessage(payload, error.getMessageHeaders()));
			return;
		}
		this.pendingError = new TextMessage(encoder.encode(error.getMessageHeaders(), payload));
		finishEnd();
	}

	/** Writes the pending ERROR frame and closes, unless another thread is sending (it then does). */
	private void finishEnd() {
		if (this.pendingError == null || !this.sending.tryLock()) {
			return;
		}
		try {
			TextMessage error = this.pendingError;
			CloseStatus status = this.requestedClose;
			if (error == null || status == null) {
				return;
			}
			this.pendingError = null;
			try {
				super.sendMessage(error);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not send the ERROR frame to STOMP connection {}: {}", getId(), ex.toString());
			}
			try {
				super.close(status);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not close STOMP connection {}: {}", getId(), ex.toString());
			}
		}
		finally {
			this.sending.unlock();
		}
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		// Spring's STOMP handler sends one frame at a time; the lock only keeps an ERROR frame
		// of end() from being written in the middle of one.
		this.sending.lock();
		try {
			if (this.requestedClose == null) {
				super.sendMessage(message);
			}
		}
		finally {
			this.sending.unlock();
		}
		finishEnd();
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		if (this.pendingError != null) {
			// end() is under way: the frame goes first, then its close.
			finishEnd();
			if (this.pendingError == null) {
				return;
			}
			// Closed by Spring or the container while another thread is stuck sending (the send
			// buffer overflowed): close now; the frame is lost with the connection.
			this.pendingError = null;
		}
		CloseStatus requested = this.requestedClose;
		super.close((requested != null) ? requested : status);
	}

	/**
	 * Holds the client's frames from now on, until {@link #release()}.
	 * @param channel the channel to send them on once released
	 */
	synchronized void hold(MessageChannel channel) {
		this.inbound = channel;
		this.held = new ArrayList<>();
	}

	/**
	 * Keeps a frame while the connection holds them.
	 * @param message the frame
	 * @return whether it was kept
	 */
	synchronized boolean holds(Message<?> message) {
		List<Message<?>> waiting = this.held;
		if (waiting == null || this.releaser == Thread.currentThread()) {
			return false;
		}
		waiting.add(message);
		return true;
	}

	/**
	 * Sends the held frames on, in order, including those arriving meanwhile, and stops
	 * holding. No lock is held while a frame is sent.
	 */
	void release() {
		while (true) {
			List<Message<?>> batch;
			MessageChannel channel;
			synchronized (this) {
				batch = this.held;
				channel = this.inbound;
				if (batch == null || batch.isEmpty() || channel == null) {
					this.held = null;
					this.releaser = null;
					return;
				}
				this.held = new ArrayList<>();
				this.releaser = Thread.currentThread();
			}
			for (Message<?> message : batch) {
				if (!isOpen()) {
					continue;
				}
				try {
					channel.send(message);
				}
				catch (RuntimeException ex) {
					// What Spring's STOMP handler does when a frame is refused (by a security
					// interceptor, say): an ERROR frame, then the connection closes.
					logger.debug("A held frame of STOMP connection {} was refused: {}", getId(), ex.toString());
					end(new CloseStatus(CloseStatus.PROTOCOL_ERROR.getCode(), String.valueOf(ex.getMessage())), null);
				}
			}
		}
	}

	/** Forgets the held frames: the connection is closing. */
	synchronized void drop() {
		this.held = null;
	}

}
