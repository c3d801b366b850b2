package dev.gamesessions;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * One user's data on this node, shared by every live session of that user. Counts the
 * sessions holding it; once none does, it moves to the local cache.
 */
final class UserRecord {

	private final String userId;

	private volatile Object data;

	/** Stored version this node knows; written at load and by the persister's thread. */
	private volatile long version;

	/** Encoded form last loaded or handed to the persister; guarded by this. */
	private @Nullable String lastQueued;

	private final AtomicInteger holders = new AtomicInteger(1);

	/** Set once another node took the user over while this one was out of touch. */
	private volatile boolean fenced;

	UserRecord(String userId, Object data, long version, @Nullable String lastQueued) {
		this.userId = userId;
		this.data = data;
		this.version = version;
		this.lastQueued = lastQueued;
	}

	String userId() {
		return this.userId;
	}

	Object data() {
		return this.data;
	}

	void data(Object data) {
		this.data = data;
	}

	long version() {
		return this.version;
	}

	void version(long version) {
		this.version = version;
	}

	synchronized @Nullable String lastQueued() {
		return this.lastQueued;
	}

	synchronized void lastQueued(@Nullable String encoded) {
		this.lastQueued = encoded;
	}

	/** Forgets the queued form if it is still {@code encoded}, so the next persist writes again. */
	synchronized void forgetQueued(String encoded) {
		if (encoded.equals(this.lastQueued)) {
			this.lastQueued = null;
		}
	}

	/** This node lost the user: its writes are refused from now on. */
	void fence() {
		this.fenced = true;
	}

	boolean isFenced() {
		return this.fenced;
	}

	/** Adds a holder unless the record was already released by all. */
	boolean retain() {
		int current;
		do {
			current = this.holders.get();
			if (current == 0) {
				return false;
			}
		}
		while (!this.holders.compareAndSet(current, current + 1));
		return true;
	}

	/** Takes a released record back into use. */
	boolean revive() {
		return this.holders.compareAndSet(0, 1);
	}

	/** Removes a holder; returns whether it was the last. */
	boolean release() {
		return this.holders.decrementAndGet() == 0;
	}

}
