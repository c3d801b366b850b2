package dev.gamesessions.autoconfigure.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DestroyReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open game connections of this node: pings each every heartbeat, closes those silent
 * for longer than the idle timeout, and closes a session's connection when the session is
 * kicked ({@link GameCloseStatus#KICKED}) or destroyed ({@link GameCloseStatus#SESSION_ENDED}).
 * <p>
 * A connection is pinged once it has sent nothing (no message, no pong) for a heartbeat and
 * was not pinged during the last heartbeat. A player who plays needs no ping, and the pings
 * of silent players are spread as their last activity is, instead of every connection of
 * the node being pinged in one burst: with 12,000 connections such a burst held up other
 * messages for about a second, and pinging every connection every heartbeat added, at
 * 24,000 connections and the default 25 s, about 960 pings and pongs a second.
 * <p>
 * <strong>Cost.</strong> The heartbeat ticks {@value #TICKS_PER_HEARTBEAT} times a
 * heartbeat and keeps the connections in a timer wheel of as many slots, each connection in
 * the slot of the tick at which it next needs a look (its next ping, or its idle timeout):
 * a tick looks only at the connections of its slot, so each connection is looked at about
 * once a heartbeat instead of at every tick. (Looking at all 19,000 connections of a node
 * at every tick took 13% of the node's CPU while it echoed 2,000 messages a second.) An
 * inbound message costs one read of a clock that the heartbeat advances at each tick and,
 * at most once a tick, one write: no lookup, no allocation, no system clock call.
 * Activity, pings and idle timeouts are therefore exact to one tick.
 * <p>
 * When the application stops, before the web server does, every connection is closed with
 * 1001 (going away), so that players' pages know the server is restarting rather than
 * seeing the connection drop (1006); this takes at most two seconds.
 */
public class WebSocketConnections implements SessionListener, SmartLifecycle, DisposableBean {

	/** How long closing every connection may hold up the shutdown. */
	private static final long CLOSE_ALL_MILLIS = 2_000;

	private static final Logger logger = LoggerFactory.getLogger(WebSocketConnections.class);

	static final int TICKS_PER_HEARTBEAT = 100;

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	private final long heartbeatNanos;

	private final long idleTimeoutNanos;

	/** The length of a tick: a heartbeat over {@value #TICKS_PER_HEARTBEAT}. */
	private final long tickNanos;

	/** The time, as {@link System#nanoTime()}; replaced in tests. */
	private final LongSupplier nanoClock;

	/** Tick 0 on {@link #nanoClock}. */
	private final long origin;

	/** The time of the last tick: the clock messages read. */
	private volatile long coarseNanos;

	/** Connections opened since the last tick, for the heartbeat thread to place in the wheel. */
	private final Queue<Connection> arrivals = new ConcurrentLinkedQueue<>();

	/** Connections closed since the last tick, for the heartbeat thread to take out of the wheel. */
	private final Queue<Connection> departures = new ConcurrentLinkedQueue<>();

	/** The timer wheel: slot {@code tick % TICKS_PER_HEARTBEAT}; touched by the heartbeat thread only. */
	private final List<Set<Connection>> wheel = new ArrayList<>(TICKS_PER_HEARTBEAT);

	/** The last tick whose slot was looked at; heartbeat thread only. */
	private long lastTick;

	private final @Nullable ScheduledExecutorService heartbeats;

	public WebSocketConnections(Duration heartbeat, Duration idleTimeout) {
		this(heartbeat, idleTimeout, System::nanoTime);
	}

	WebSocketConnections(Duration heartbeat, Duration idleTimeout, LongSupplier nanoClock) {
		this.heartbeatNanos = heartbeat.toNanos();
		this.idleTimeoutNanos = idleTimeout.toNanos();
		this.tickNanos = Math.max(1, this.heartbeatNanos / TICKS_PER_HEARTBEAT);
		this.nanoClock = nanoClock;
		this.origin = nanoClock.getAsLong();
		this.coarseNanos = this.origin;
		for (int i = 0; i < TICKS_PER_HEARTBEAT; i++) {
			this.wheel.add(new HashSet<>());
		}
		if (heartbeat.isZero() || heartbeat.isNegative()) {
			this.heartbeats = null;
		}
		else {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, "game-sessions-heartbeat");
				thread.setDaemon(true);
				return thread;
			});
			executor.scheduleWithFixedDelay(this::beat, this.tickNanos, this.tickNanos, TimeUnit.NANOSECONDS);
			this.heartbeats = executor;
		}
	}

	/**
	 * Starts watching a connection.
	 * @param connection the connection
	 * @param session its game session
	 * @param messenger the session's messenger on this connection
	 * @return the handle through which the connection's activity is recorded
	 */
	Connection opened(WebSocketSession connection, Session session, WebSocketClientMessenger messenger) {
		Connection opened = new Connection(connection, session, messenger, this.nanoClock.getAsLong());
		this.connections.put(connection.getId(), opened);
		this.arrivals.add(opened);
		return opened;
	}

	/**
	 * Records that a connection was heard from (a message, a pong). Called for every
	 * inbound message: no lookup, no allocation, no system clock call, and a write at most
	 * once a tick.
	 * @param connection the connection's handle
	 */
	void seen(Connection connection) {
		long now = this.coarseNanos;
		if (now > connection.lastSeen) {
			connection.lastSeen = now;
		}
	}

	void closed(WebSocketSession connection) {
		Connection closed = this.connections.remove(connection.getId());
		if (closed != null) {
			this.departures.add(closed);
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
	 * One tick at {@code now}: places the connections opened since the last tick, takes out
	 * those closed, and looks at the slots of the ticks up to now (each slot at most once):
	 * closes the connections silent for longer than the idle timeout, pings those silent,
	 * and not pinged, for a heartbeat, and moves each to the slot of its next look.
	 * @param now the time on the connections' clock, in nanoseconds ({@link System#nanoTime()} outside tests)
	 */
	void beat(long now) {
		this.coarseNanos = now;
		long tick = tickOf(now);
		for (Connection arrived = this.arrivals.poll(); arrived != null; arrived = this.arrivals.poll()) {
			// No later than the next tick that looks at its slot.
			place(arrived, Math.max(tickOf(nextLook(arrived)), Math.max(tick, this.lastTick + 1)));
		}
		for (Connection departed = this.departures.poll(); departed != null; departed = this.departures.poll()) {
			departed.departed = true;
			if (departed.slot >= 0) {
				this.wheel.get(departed.slot).remove(departed);
			}
		}
		long first = Math.max(this.lastTick + 1, tick - TICKS_PER_HEARTBEAT + 1);
		for (long looked = first; looked <= tick; looked++) {
			look(slotOf(looked), now, tick);
		}
		this.lastTick = Math.max(this.lastTick, tick);
	}

	private void look(int slot, long now, long tick) {
		List<Connection> moved = new ArrayList<>();
		for (Iterator<Connection> it = this.wheel.get(slot).iterator(); it.hasNext();) {
			Connection connection = it.next();
			if (connection.dueTick > tick) {
				continue;
			}
			WebSocketSession socket = connection.socket;
			long seen = connection.lastSeen;
			if (!socket.isOpen()) {
				forget(connection);
				it.remove();
				continue;
			}
			if (tickOf(seen + this.idleTimeoutNanos) < tick) {
				forget(connection);
				it.remove();
				ClientMessenger client = connection.session.client();
				if (client != null) {
					client.close(GameCloseStatus.IDLE_TIMEOUT, "No activity");
				}
				else {
					closeQuietly(socket);
				}
				continue;
			}
			if (tickOf(Math.max(seen, connection.lastPing) + this.heartbeatNanos) <= tick) {
				connection.lastPing = now;
				ping(connection);
			}
			long next = Math.max(tickOf(nextLook(connection)), tick + 1);
			connection.dueTick = next;
			if (slotOf(next) != slot) {
				it.remove();
				moved.add(connection);
			}
		}
		for (Connection connection : moved) {
			place(connection, connection.dueTick);
		}
	}

	private void ping(Connection connection) {
		WebSocketClientMessenger messenger = connection.messenger;
		if (messenger.isOpen()) {
			try {
				messenger.connection().sendMessage(new PingMessage(ByteBuffer.allocate(0)));
			}
			catch (IOException | RuntimeException ex) {
				closeQuietly(connection.socket);
			}
		}
	}

	/** When the connection next needs a look: its next ping or its idle timeout, whichever comes first. */
	private long nextLook(Connection connection) {
		long seen = connection.lastSeen;
		return Math.min(seen + this.idleTimeoutNanos + this.tickNanos,
				Math.max(seen, connection.lastPing) + this.heartbeatNanos);
	}

	private void place(Connection connection, long dueTick) {
		connection.dueTick = dueTick;
		connection.slot = slotOf(dueTick);
		this.wheel.get(connection.slot).add(connection);
	}

	/** Stops watching a connection the heartbeat closed or found closed. */
	private void forget(Connection connection) {
		connection.departed = true;
		connection.slot = -1;
		this.connections.remove(connection.socket.getId(), connection);
	}

	private long tickOf(long nanos) {
		return Math.floorDiv(nanos - this.origin, this.tickNanos);
	}

	private static int slotOf(long tick) {
		return (int) Math.floorMod(tick, (long) TICKS_PER_HEARTBEAT);
	}

	private static void closeQuietly(WebSocketSession socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already gone.
		}
	}

	private volatile boolean running;

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
		List<Connection> open = List.copyOf(this.connections.values());
		if (open.isEmpty()) {
			return;
		}
		// In parallel and bounded: a player who does not read must not hold up the shutdown.
		ExecutorService closers = Executors.newFixedThreadPool(Math.min(4, open.size()), (runnable) -> {
			Thread thread = new Thread(runnable, "game-sessions-close");
			thread.setDaemon(true);
			return thread;
		});
		try {
			CompletableFuture<?>[] closing = open.stream()
				.map((connection) -> CompletableFuture.runAsync(() -> goingAway(connection), closers))
				.toArray(CompletableFuture[]::new);
			CompletableFuture.allOf(closing).get(CLOSE_ALL_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Not every connection closed in time at shutdown: {}", ex.toString());
		}
		finally {
			closers.shutdownNow();
		}
	}

	private static void goingAway(Connection connection) {
		ClientMessenger client = connection.session.client();
		if (client != null) {
			client.close(CloseStatus.GOING_AWAY.getCode(), "Server shutting down");
		}
		else {
			closeQuietly(connection.socket);
		}
	}

	@Override
	public void destroy() {
		if (this.heartbeats != null) {
			this.heartbeats.shutdownNow();
		}
	}

	/**
	 * One open connection: what the heartbeat needs, and what the handler needs for each
	 * message without a lookup.
	 */
	static final class Connection {

		final WebSocketSession socket;

		final Session session;

		final WebSocketClientMessenger messenger;

		/** Messages waiting while the connection opens; {@code null} once it is ready. */
		volatile GameSessionWebSocketHandler.@Nullable HeldMessages held;

		/** When it was last heard from, to the tick; written per message at most once a tick. */
		volatile long lastSeen;

		/** When it was last pinged (at first: opened); heartbeat thread only. */
		long lastPing;

		/** The tick of its next look; heartbeat thread only. */
		long dueTick;

		/** Its slot in the wheel, or -1; heartbeat thread only. */
		int slot = -1;

		/** Whether it was closed and left the wheel; heartbeat thread only. */
		boolean departed;

		Connection(WebSocketSession socket, Session session, WebSocketClientMessenger messenger, long opened) {
			this.socket = socket;
			this.session = session;
			this.messenger = messenger;
			this.lastSeen = opened;
			this.lastPing = opened;
		}

	}

}
