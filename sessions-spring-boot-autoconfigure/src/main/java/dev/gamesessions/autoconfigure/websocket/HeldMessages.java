package dev.gamesessions.autoconfigure.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The messages to one player that wait for the connection's first message: while holding,
 * {@link #hold(Object)} keeps them; {@link #release(Object, Consumer)} sends the first
 * message, then the held ones in the order they came (with those that arrive meanwhile),
 * and from then on {@link #hold(Object)} keeps nothing. Shared by the servlet and reactive
 * endpoints, so that the protocol's welcome comes first on both even when listeners of
 * the session's start already sent to the player.
 * <p>
 * Thread safety: any thread may call {@link #hold(Object)}; one thread calls
 * {@link #release(Object, Consumer)}, once. No lock is held while a message is sent.
 *
 * @param <T> the message type
 */
public final class HeldMessages<T> {

	/** Messages waiting to be sent in order; {@code null} once sends go out at once. */
	private volatile @Nullable List<T> held;

	/**
	 * Creates the held messages of one connection.
	 * @param holding whether to hold until {@link #release(Object, Consumer)}; when not,
	 * nothing is ever held
	 */
	public HeldMessages(boolean holding) {
		this.held = holding ? new ArrayList<>() : null;
	}

	/**
	 * Keeps a message for the release, unless released already.
	 * @param message the message
	 * @return whether it was kept; when not, the caller sends it now
	 */
	public boolean hold(T message) {
		if (this.held == null) {
			return false;
		}
		synchronized (this) {
			List<T> waiting = this.held;
			if (waiting == null) {
				return false;
			}
			waiting.add(message);
			return true;
		}
	}

	/**
	 * Sends {@code first}, then whatever was held and whatever is held meanwhile, then
	 * stops holding.
	 * @param first the message that goes before the held ones
	 * @param send sends one message
	 */
	public void release(T first, Consumer<T> send) {
		List<T> batch;
		synchronized (this) {
			batch = this.held;
			// Keep holding while the backlog goes out, so that nothing overtakes it.
			this.held = new ArrayList<>();
		}
		send.accept(first);
		while (true) {
			if (batch != null) {
				batch.forEach(send);
			}
			synchronized (this) {
				List<T> more = this.held;
				if (more == null || more.isEmpty()) {
					this.held = null;
					return;
				}
				batch = more;
				this.held = new ArrayList<>();
			}
		}
	}

}
