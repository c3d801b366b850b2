package dev.gamesessions.autoconfigure.webflux;

import java.time.Duration;
import java.util.List;
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
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The open reactive game connections of this node, with the servlet endpoint's rules
 * ({@link dev.gamesessions.autoconfigure.websocket.WebSocketConnections}): a connection
 * silent (no message, no pong) for a heartbeat, and not pinged during the last one, is
 * pinged; one silent for longer than the idle timeout is closed with
 * {@link GameCloseStatus#IDLE_TIMEOUT}; one whose outbound queue has not moved for the send
 * time limit is closed with 4500; a kicked or destroyed session's connection is closed with
 * {@link GameCloseStatus#KICKED} or {@link GameCloseStatus#SESSION_ENDED}. The connections
 * are looked at a hundred times a heartbeat on one {@code game-sessions-heartbeat} thread,
 * so pings are spread as the players' last activity is, not sent in one burst.
 * <p>
 * Nothing here blocks: a ping or a close is queued on the connection.
 * When the application stops, before the web server does, every connection is closed with
 * 1001 (going away); this takes at most two seconds.
 */
public class ReactiveWebSocketConnections implements SessionListener, SmartLifecycle, DisposableBean {

	static final int TICKS_PER_HEARTBEAT = 100;

	/** How long closing every connection may hold up the shutdown. */
	private static final long CLOSE_ALL_MILLIS = 2_000;

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	private final long heartbeatNanos;

	private final long idleTimeoutNanos;

	private final long sendTimeLimitNanos;

	/** The time, as {@link System#nanoTime()}; replaced in tests. */
	private final LongSupplier nanoClock;

	private final @Nullable ScheduledExecutorService heartbeats;

	private volatile boolean running;

	/**
	 * Creates the registry and, unless {@code heartbeat} is zero, its heartbeat thread.
	 * @param heartbeat silence after which a connection is pinged; zero disables pings,
	 * the idle timeout and the send time limit
	 * @param idleTimeout silence after which a connection is closed
	 * @param sendTimeLimit how long queued messages may wait for a player who does not read
	 */
	public ReactiveWebSocketConnections(Duration heartbeat, Duration idleTimeout, Duration sendTimeLimit) {
		this(heartbeat, idleTimeout, sendTimeLimit, System::nanoTime, true);
	}

	ReactiveWebSocketConnections(Duration heartbeat, Duration idleTimeout, Duration sendTimeLimit,
			LongSupplier nanoClock, boolean schedule) {
		this.heartbeatNanos = heartbeat.toNanos();
		this.idleTimeoutNanos = idleTimeout.toNanos();
		this.sendTimeLimitNanos = sendTimeLimit.toNanos();
		this.nanoClock = nanoClock;
		if (!schedule || heartbeat.isZero() || heartbeat.isNegative()) {
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

	void opened(String connectionId, ReactiveClientMessenger messenger) {
		this.connections.put(connectionId, new Connection(messenger, this.nanoClock.getAsLong()));
	}

	void seen(String connectionId) {
		Connection known = this.connections.get(connectionId);
		if (known != null) {
			known.lastSeen = this.nanoClock.getAsLong();
		}
	}

	void closed(String connectionId) {
		this.connections.remove(connectionId);
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
			close(destroyed.session(), GameCloseStatus.SESSION_ENDED,
					"Session ended: " + destroyed.reason().name().toLowerCase().replace('_', ' '));
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
	 * Closes the connections silent for longer than the idle timeout, or stuck behind a
	 * player who does not read, and pings those silent, and not pinged, for a heartbeat.
	 * @param now the time on the connections' clock, in nanoseconds
	 */
	void beat(long now) {
		for (Connection connection : this.connections.values()) {
			ReactiveClientMessenger messenger = connection.messenger;
			if (!messenger.isOpen()) {
				continue;
			}
			if (now - connection.lastSeen > this.idleTimeoutNanos) {
				messenger.close(GameCloseStatus.IDLE_TIMEOUT, "No activity");
				continue;
			}
			if (messenger.isStalled(now, this.sendTimeLimitNanos)) {
				messenger.close(ReactiveClientMessenger.SESSION_NOT_RELIABLE, "Send time limit exceeded");
				continue;
			}
			if (now - connection.lastSeen < this.heartbeatNanos || now - connection.lastPing < this.heartbeatNanos) {
				continue;
			}
			connection.lastPing = now;
			messenger.ping();
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before the web server's graceful shutdown (a higher phase stops first). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	@Override
	public void stop() {
		this.running = false;
		// Closing only queues a close frame on each connection; then wait, bounded, for the
		// players' answers, so that the web server does not drop the connections before.
		List<Connection> open = List.copyOf(this.connections.values());
		for (Connection connection : open) {
			connection.messenger.close(CloseStatus.GOING_AWAY.getCode(), "Server shutting down");
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_ALL_MILLIS);
		try {
			while (!this.connections.isEmpty() && System.nanoTime() - deadline < 0) {
				Thread.sleep(10);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void destroy() {
		if (this.heartbeats != null) {
			this.heartbeats.shutdownNow();
		}
	}

	private static final class Connection {

		final ReactiveClientMessenger messenger;

		volatile long lastSeen;

		/** When it was last pinged (at first: opened); read and written by the heartbeat thread only. */
		long lastPing;

		Connection(ReactiveClientMessenger messenger, long opened) {
			this.messenger = messenger;
			this.lastSeen = opened;
			this.lastPing = opened;
		}

	}

}
