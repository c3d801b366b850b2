package dev.gamesessions;

import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's hold on its users in the {@link UserDirectory}: valid while heartbeats
 * succeed. A node that was out of touch for longer than the lease (frozen, cut off) may
 * have lost users whose entries expired meanwhile and were taken by another node; before
 * it writes again it asks the directory, and refuses the writes of every user it lost
 * ({@link OwnershipLostException}) instead of overwriting the new owner's data.
 * <p>
 * While the lease is valid, an entry naming another node means a hand-over is under way
 * (the other node waits for this one to write): nothing is fenced then.
 */
final class DirectoryLease implements WriteBehindPersister.WriteFence {

	private static final Logger logger = LoggerFactory.getLogger(DirectoryLease.class);

	private final UserDirectory directory;

	private final UserClaims claims;

	private final long leaseNanos;

	private volatile long confirmedAt = System.nanoTime();

	private volatile Consumer<Set<String>> onLost = (users) -> {
	};

	DirectoryLease(UserDirectory directory, UserClaims claims) {
		this.directory = directory;
		this.claims = claims;
		// Entries live three heartbeats: after two missed ones, this node may be losing them.
		this.leaseNanos = directory.heartbeatInterval().toNanos() * 2;
	}

	/** What to do with users found lost after the lease expired. */
	void onLost(Consumer<Set<String>> handler) {
		this.onLost = handler;
	}

	/**
	 * Extends this node's entries; when the lease had expired, fences the users whose
	 * entries another node holds now.
	 * Not synchronized: no lock is held over a call to the directory, and two heartbeats at
	 * once (the timer's and a writer's) do the same idempotent work.
	 * @throws dev.gamesessions.store.StoreException when the directory cannot be reached
	 */
	void heartbeat() {
		long start = System.nanoTime();
		long previous = this.confirmedAt;
		boolean expired = isExpired(start);
		Set<String> lost = this.directory.refresh(this.claims.newestSessionIds());
		this.confirmedAt = start;
		if (expired && !lost.isEmpty()) {
			logger.error("This node was out of touch with the user directory for {} ms, longer than its entries "
					+ "live; {} users were taken over meanwhile and their changes since this node last wrote them "
					+ "are not written: {}", (start - previous) / 1_000_000, lost.size(), lost);
			this.onLost.accept(lost);
		}
	}

	@Override
	public void beforeBatch() {
		if (isExpired(System.nanoTime())) {
			heartbeat();
		}
	}

	private boolean isExpired(long now) {
		return now - this.confirmedAt > this.leaseNanos;
	}

}
