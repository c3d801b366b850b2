package dev.gamesessions.autoconfigure.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The heartbeat bookkeeping of a node's connections, whatever their transport: which
 * connection to ping (silent for a heartbeat and not pinged during the last one) and which
 * to close (silent for longer than the idle timeout). A timer wheel of
 * {@value #TICKS_PER_HEARTBEAT} slots: each connection sits in the slot of the tick at
 * which it next needs a look, and a {@link #beat(long) tick} looks only at the
 * connections of its slot, so each connection is looked at about once a heartbeat rather
 * than at every tick. (Looking at all 19,000 connections of a node at every tick took 13%
 * of the node's CPU while it echoed 2,000 messages a second.)
 * <p>
 * An inbound message costs one {@link #seen(Watched)}: a read of a clock that the ticks
 * advance and, at most once a tick, one write; no lookup, no allocation, no system clock
 * call. Activity, pings and idle timeouts are therefore exact to one tick (1/500 of the
 * heartbeat).
 * <p>
 * Thread safety: {@link #opened}, {@link #seen} and {@link #closed} may be called from any
 * thread; {@link #beat(long)} from one thread at a time (the node's heartbeat thread).
 */
public final class ActivityWheel {

	/**
	 * Ticks (and slots) per heartbeat: the pings due in one tick go out together, so more
	 * ticks spread them thinner: at 19,000 silent connections and the default 25 s, about 40
	 * pings every 50 ms instead of 190 every 250 ms with 100 ticks (echo p99 1.31× the plain
	 * handler's instead of 1.59×, one benchmark run each). A tick costs only the connections
	 * due in it.
	 */
	public static final int TICKS_PER_HEARTBEAT = 500;

	private final long heartbeatNanos;

	private final long idleTimeoutNanos;

	private final long tickNanos;

	/** Tick 0 on the connections' clock. */
	private final long origin;

	/** The time of the last tick: the clock that {@link #seen} reads. */
	private volatile long coarseNanos;

	/** Connections opened since the last tick, for the ticking thread to place. */
	private final Queue<Watched> arrivals = new ConcurrentLinkedQueue<>();

	/** Connections closed since the last tick, for the ticking thread to take out. */
	private final Queue<Watched> departures = new ConcurrentLinkedQueue<>();

	/** Slot {@code tick % TICKS_PER_HEARTBEAT}; touched by the ticking thread only. */
	private final List<Set<Watched>> slots = new ArrayList<>(TICKS_PER_HEARTBEAT);

	/** The last tick whose slot was looked at; ticking thread only. */
	private long lastTick;

	/**
	 * Creates the wheel.
	 * @param heartbeat silence after which a connection is pinged (positive)
	 * @param idleTimeout silence after which a connection is closed
	 * @param now the connections' clock now, in nanoseconds ({@link System#nanoTime()} outside tests)
	 */
	public ActivityWheel(Duration heartbeat, Duration idleTimeout, long now) {
		this.heartbeatNanos = heartbeat.toNanos();
		this.idleTimeoutNanos = idleTimeout.toNanos();
		this.tickNanos = Math.max(1, this.heartbeatNanos / TICKS_PER_HEARTBEAT);
		this.origin = now;
		this.coarseNanos = now;
		for (int i = 0; i < TICKS_PER_HEARTBEAT; i++) {
			this.slots.add(new HashSet<>());
		}
	}

	/**
	 * The length of a tick: how often {@link #beat(long)} should run.
	 * @return the tick, in nanoseconds
	 */
	public long tickNanos() {
		return this.tickNanos;
	}

	/**
	 * Starts watching a connection; it is placed at the next tick.
	 * @param connection the connection
	 */
	public void opened(Watched connection) {
		this.arrivals.add(connection);
	}

	/**
	 * Records that a connection was heard from (a message, a pong).
	 * @param connection the connection
	 */
	public void seen(Watched connection) {
		long now = this.coarseNanos;
		if (now > connection.lastSeen) {
			connection.lastSeen = now;
		}
	}

	/**
	 * Stops watching a connection; it leaves the wheel at the next tick.
	 * @param connection the connection
	 */
	public void closed(Watched connection) {
		this.departures.add(connection);
	}

	/**
	 * One tick at {@code now}: places the connections opened since the last tick, takes out
	 * those closed, and looks at the slots of the ticks up to now (each slot at most once):
	 * closes the connections found closed, stalled or silent for longer than the idle
	 * timeout, pings those silent, and not pinged, for a heartbeat, and moves each to the
	 * slot of its next look.
	 * @param now the connections' clock, in nanoseconds
	 */
	public void beat(long now) {
		this.coarseNanos = now;
		long tick = tickOf(now);
		for (Watched arrived = this.arrivals.poll(); arrived != null; arrived = this.arrivals.poll()) {
			// No later than the next tick that looks at its slot.
			place(arrived, Math.max(tickOf(nextLook(arrived)), Math.max(tick, this.lastTick + 1)));
		}
		for (Watched departed = this.departures.poll(); departed != null; departed = this.departures.poll()) {
			if (departed.slot >= 0) {
				this.slots.get(departed.slot).remove(departed);
				departed.slot = -1;
			}
		}
		long first = Math.max(this.lastTick + 1, tick - TICKS_PER_HEARTBEAT + 1);
		for (long looked = first; looked <= tick; looked++) {
			look(slotOf(looked), now, tick);
		}
		this.lastTick = Math.max(this.lastTick, tick);
	}

	private void look(int slot, long now, long tick) {
		List<Watched> moved = new ArrayList<>();
		for (Iterator<Watched> it = this.slots.get(slot).iterator(); it.hasNext();) {
			Watched connection = it.next();
			if (connection.dueTick > tick) {
				continue;
			}
			long seen = connection.lastSeen;
			if (!connection.isOpen()) {
				it.remove();
				connection.slot = -1;
				continue;
			}
			if (tickOf(seen + this.idleTimeoutNanos) < tick) {
				it.remove();
				connection.slot = -1;
				connection.closeIdle();
				continue;
			}
			if (connection.closeIfStalled(now)) {
				it.remove();
				connection.slot = -1;
				continue;
			}
			if (tickOf(Math.max(seen, connection.lastPing) + this.heartbeatNanos) <= tick) {
				connection.lastPing = now;
				connection.ping();
			}
			long next = Math.max(tickOf(nextLook(connection)), tick + 1);
			connection.dueTick = next;
			if (slotOf(next) != slot) {
				it.remove();
				moved.add(connection);
			}
		}
		for (Watched connection : moved) {
			place(connection, connection.dueTick);
		}
	}

	/** When the connection next needs a look: its next ping, its idle timeout, or its stall deadline. */
	private long nextLook(Watched connection) {
		long seen = connection.lastSeen;
		long next = Math.min(seen + this.idleTimeoutNanos + this.tickNanos,
				Math.max(seen, connection.lastPing) + this.heartbeatNanos);
		return Math.min(next, connection.stallDeadline());
	}

	private void place(Watched connection, long dueTick) {
		connection.dueTick = dueTick;
		connection.slot = slotOf(dueTick);
		this.slots.get(connection.slot).add(connection);
	}

	private long tickOf(long nanos) {
		return Math.floorDiv(nanos - this.origin, this.tickNanos);
	}

	private static int slotOf(long tick) {
		return (int) Math.floorMod(tick, (long) TICKS_PER_HEARTBEAT);
	}

	/**
	 * One connection as the wheel sees it; the transport's connection extends it.
	 */
	public abstract static class Watched {

		/** When it was last heard from, to the tick; written per message at most once a tick. */
		volatile long lastSeen;

		/** When it was last pinged (at first: opened); ticking thread only. */
		long lastPing;

		/** The tick of its next look; ticking thread only. */
		long dueTick;

		/** Its slot in the wheel, or -1; ticking thread only. */
		int slot = -1;

		/**
		 * Creates the connection's entry.
		 * @param opened when it opened, on the connections' clock
		 */
		protected Watched(long opened) {
			this.lastSeen = opened;
			this.lastPing = opened;
		}

		/**
		 * Whether the connection is still open; one that is not leaves the wheel.
		 * @return whether open
		 */
		protected abstract boolean isOpen();

		/** Pings the player; never blocks for long. */
		protected abstract void ping();

		/** Closes the connection for its silence ({@link GameCloseStatus#IDLE_TIMEOUT}). */
		protected abstract void closeIdle();

		/**
		 * Closes the connection if what it sends has not moved for the send time limit; by
		 * default there is no such limit here (the transport enforces it as it sends).
		 * @param now the connections' clock
		 * @return whether it was closed
		 */
		protected boolean closeIfStalled(long now) {
			return false;
		}

		/**
		 * When the connection would be stalled, if nothing moves meanwhile: a look is due
		 * then.
		 * @return the time on the connections' clock, or {@link Long#MAX_VALUE} for none
		 */
		protected long stallDeadline() {
			return Long.MAX_VALUE;
		}

	}

}
