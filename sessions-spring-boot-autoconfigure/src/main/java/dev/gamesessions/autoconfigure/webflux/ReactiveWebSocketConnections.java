package dev.gamesessions.autoconfigure.webflux;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionListener;
import dev.gamesessions.autoconfigure.websocket.ActivityWheel;
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import dev.gamesessions.autoconfigure.websocket.WebSocketConnections;
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
 * {@link GameCloseStatus#KICKED} or {@link GameCloseStatus#SESSION_ENDED}. The bookkeeping
 * is the servlet side's {@link ActivityWheel}, ticked 500 times a heartbeat on one
 * {@code game-sessions-heartbeat} thread: pings are spread as the players' last activity is,
 * a tick looks only at the connections due for a look, and a message costs no lookup and no
 * clock call. A backlog is checked against the send time limit when the connection is
 * next looked at (at the latest a heartbeat after it started) and then at its deadline.
 * <p>
 * Nothing here blocks: a ping or a close is queued on the connection.
 * When the application stops, before the web server does, every connection is closed with
 * 1001 (going away); this takes at most two seconds.
 */
public class ReactiveWebSocketConnections implements SessionListener, SmartLifecycle, DisposableBean {

	static final int TICKS_PER_HEARTBEAT = ActivityWheel.TICKS_PER_HEARTBEAT;

	/** How long closing every connection may hold up the shutdown. */
	private static final long CLOSE_ALL_MILLIS = 2_000;

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	private final long sendTimeLimitNanos;

	/** The time, as {@link System#nanoTime()}; replaced in tests. */
	private final LongSupplier nanoClock;

	/** {@code null} when the heartbeat is off. */
	private final @Nullable ActivityWheel wheel;

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
		this.sendTimeLimitNanos = sendTimeLimit.toNanos();
		this.nanoClock = nanoClock;
		boolean beating = !(heartbeat.isZero() || heartbeat.isNegative());
		this.wheel = beating ? new ActivityWheel(heartbeat, idleTimeout, nanoClock.getAsLong()) : null;
		if (!schedule || this.wheel == null) {
			this.heartbeats = null;
		}
		else {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, "game-sessions-heartbeat");
				thread.setDaemon(true);
				return thread;
			});
			long tick = this.wheel.tickNanos();
			executor.scheduleWithFixedDelay(this::beat, tick, tick, TimeUnit.NANOSECONDS);
			this.heartbeats = executor;
		}
	}

	/**
	 * Starts watching a connection.
	 * @param connectionId the connection's id
	 * @param messenger its messenger
	 * @return the handle through which its activity is recorded
	 */
	Connection opened(String connectionId, ReactiveClientMessenger messenger) {
		Connection opened = new Connection(messenger, this.nanoClock.getAsLong());
		this.connections.put(connectionId, opened);
		if (this.wheel != null) {
			this.wheel.opened(opened);
		}
		return opened;
	}

	/**
	 * Records that a connection was heard from: no lookup, no clock call.
	 * @param connection its handle
	 */
	void seen(Connection connection) {
		if (this.wheel != null) {
			this.wheel.seen(connection);
		}
	}

	void closed(String connectionId) {
		Connection closed = this.connections.remove(connectionId);
		if (closed != null && this.wheel != null) {
			this.wheel.closed(closed);
		}
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
		WebSocketConnections.closeEnded(event);
	}

	void beat() {
		beat(this.nanoClock.getAsLong());
	}

	/**
	 * One tick of the heartbeat at {@code now} (see {@link ActivityWheel#beat(long)}).
	 * @param now the time on the connections' clock, in nanoseconds
	 */
	void beat(long now) {
		if (this.wheel != null) {
			this.wheel.beat(now);
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

	/** One open connection, as the heartbeat sees it. */
	final class Connection extends ActivityWheel.Watched {

		final ReactiveClientMessenger messenger;

		Connection(ReactiveClientMessenger messenger, long opened) {
			super(opened);
			this.messenger = messenger;
		}

		@Override
		protected boolean isOpen() {
			return this.messenger.isOpen();
		}

		@Override
		protected void ping() {
			this.messenger.ping();
		}

		@Override
		protected void closeIdle() {
			this.messenger.close(GameCloseStatus.IDLE_TIMEOUT, "No activity");
		}

		@Override
		protected boolean closeIfStalled(long now) {
			if (!this.messenger.isStalled(now, ReactiveWebSocketConnections.this.sendTimeLimitNanos)) {
				return false;
			}
			this.messenger.close(ReactiveClientMessenger.SESSION_NOT_RELIABLE, "Send time limit exceeded");
			return true;
		}

		@Override
		protected long stallDeadline() {
			long since = this.messenger.stalledSince();
			return (since != 0) ? since + ReactiveWebSocketConnections.this.sendTimeLimitNanos : Long.MAX_VALUE;
		}

	}

}
