package dev.gamesessions.autoconfigure.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DestroyReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionListener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open game connections of this node: pings each every heartbeat, closes those silent
 * for longer than the idle timeout, and closes a session's connection when the session is
 * kicked ({@link GameCloseStatus#KICKED}) or destroyed ({@link GameCloseStatus#SESSION_ENDED}).
 * <p>
 * The connections are looked at {@value #TICKS_PER_HEARTBEAT} times a heartbeat, and a
 * connection is pinged once it has sent nothing (no message, no pong) for a heartbeat and
 * was not pinged during the last heartbeat. A player who plays needs no ping, and the pings
 * of silent players are spread as their last activity is, instead of every connection of
 * the node being pinged in one burst: with 12,000 connections such a burst held up other
 * messages for about a second, and pinging every connection every heartbeat added, at
 * 24,000 connections and the default 25 s, about 960 pings and pongs a second.
 */
public class WebSocketConnections implements SessionListener, DisposableBean {

	static final int TICKS_PER_HEARTBEAT = 100;

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	private final long heartbeatNanos;

	private final long idleTimeoutNanos;

	/** The time, as {@link System#nanoTime()}; replaced in tests. */
	private final LongSupplier nanoClock;

	private final @Nullable ScheduledExecutorService heartbeats;

	public WebSocketConnections(Duration heartbeat, Duration idleTimeout) {
		this(heartbeat, idleTimeout, System::nanoTime);
	}

	WebSocketConnections(Duration heartbeat, Duration idleTimeout, LongSupplier nanoClock) {
		this.heartbeatNanos = heartbeat.toNanos();
		this.idleTimeoutNanos = idleTimeout.toNanos();
		this.nanoClock = nanoClock;
		if (heartbeat.isZero() || heartbeat.isNegative()) {
			this.heartbeats = null;
		}
		else {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, "game-sessions-heartbeat");
				thread.setDaemon(true);
				return thread;
			});
			long tick = Math.max(1, heartbeat.toMillis() / TICKS_PER_HEARTBEAT);
			executor.scheduleWithFixedDelay(this::beat, tick, tick, TimeUnit.MILLISECONDS);
			this.heartbeats = executor;
		}
	}

	void opened(WebSocketSession connection, Session session) {
		this.connections.put(connection.getId(), new Connection(connection, session, this.nanoClock.getAsLong()));
	}

	void seen(WebSocketSession connection) {
		Connection known = this.connections.get(connection.getId());
		if (known != null) {
			known.lastSeen = this.nanoClock.getAsLong();
		}
	}

	void closed(WebSocketSession connection) {
		this.connections.remove(connection.getId());
	}

	/**
	 * How many connections are open.
	 * @return the count
	 */
	public int size() {
		return this.connections.size();
	}

	@Override
	public void onEvent(SessionEvent event) {
		if (event instanceof SessionEvent.Kicked kicked) {
			close(kicked.session(), GameCloseStatus.KICKED, kicked.reason());
		}
		else if (event instanceof SessionEvent.Destroyed destroyed && destroyed.reason() != DestroyReason.KICKED
				&& destroyed.reason() != DestroyReason.GRACE_EXPIRED) {
			close(destroyed.session(), GameCloseStatus.SESSION_ENDED, "Session ended: "
					+ destroyed.reason().name().toLowerCase().replace('_', ' '));
		}
	}

	private static void close(Session session, int code, String reason) {
		ClientMessenger client = session.client();
		if (client != null && client.isOpen()) {
			client.close(code, reason);
		}
	}

	void beat() {
		beat(this.nanoClock.getAsLong());
	}

	/**
	 * Closes the connections silent for longer than the idle timeout and pings those
	 * silent, and not pinged, for a heartbeat at {@code now}.
	 * @param now the time on the connections' clock, in nanoseconds ({@link System#nanoTime()} outside tests)
	 */
	void beat(long now) {
		for (Connection connection : this.connections.values()) {
			WebSocketSession socket = connection.socket;
			if (!socket.isOpen()) {
				this.connections.remove(socket.getId());
				continue;
			}
			if (now - connection.lastSeen > this.idleTimeoutNanos) {
				ClientMessenger client = connection.session.client();
				if (client != null) {
					client.close(GameCloseStatus.IDLE_TIMEOUT, "No activity");
				}
				else {
					closeQuietly(socket);
				}
				continue;
			}
			if (now - connection.lastSeen < this.heartbeatNanos || now - connection.lastPing < this.heartbeatNanos) {
				continue;
			}
			connection.lastPing = now;
			ClientMessenger client = connection.session.client();
			if (client instanceof WebSocketClientMessenger messenger && messenger.isOpen()) {
				try {
					messenger.connection().sendMessage(new PingMessage(ByteBuffer.allocate(0)));
				}
				catch (IOException | RuntimeException ex) {
					closeQuietly(socket);
				}
			}
		}
	}

	private static void closeQuietly(WebSocketSession socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already gone.
		}
	}

	@Override
	public void destroy() {
		if (this.heartbeats != null) {
			this.heartbeats.shutdownNow();
		}
	}

	private static final class Connection {

		final WebSocketSession socket;

		final Session session;

		volatile long lastSeen;

		/** When it was last pinged (at first: opened); read and written by the heartbeat thread only. */
		long lastPing;

		Connection(WebSocketSession socket, Session session, long opened) {
			this.socket = socket;
			this.session = session;
			this.lastSeen = opened;
			this.lastPing = opened;
		}

	}

}
