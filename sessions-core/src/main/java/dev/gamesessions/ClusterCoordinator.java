package dev.gamesessions;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gamesessions.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the cluster-wide {@link UserDirectory}: answers other nodes' kick
 * requests, asks other nodes to kick, and keeps this node's entries alive with heartbeats
 * (see {@link DirectoryLease}).
 * <p>
 * A kick request arrives on the directory's listener thread, which must not run
 * application code or wait: the session's user data is queued for writing at once, the
 * request is answered when that write is durable, and the session's events run on the
 * engine's event executor. A kick this node asks for is waited for asynchronously, at most
 * the persist timeout; a timeout fails the login that asked ({@link HandOverTimeoutException}),
 * never lets it carry on.
 */
final class ClusterCoordinator {

	private static final Logger logger = LoggerFactory.getLogger(ClusterCoordinator.class);

	private final UserDirectory directory;

	private final DirectoryLease lease;

	private final SessionRegistry registry;

	private final UserClaims claims;

	private final UserRecords records;

	private final WriteBehindPersister persister;

	private final Duration kickTimeout;

	/** Only the scheduler thread reads and writes it. */
	private boolean heartbeatFailing;

	ClusterCoordinator(UserDirectory directory, DirectoryLease lease, SessionRegistry registry, UserClaims claims,
			UserRecords records, WriteBehindPersister persister, Duration kickTimeout) {
		this.directory = directory;
		this.lease = lease;
		this.registry = registry;
		this.claims = claims;
		this.records = records;
		this.persister = persister;
		this.kickTimeout = kickTimeout;
		lease.onLost(this::lost);
	}

	void start(SessionScheduler scheduler) {
		this.directory.listen(this::kickRequested);
		scheduler.every(this.directory.heartbeatInterval(), "directory heartbeat", this::heartbeat);
	}

	private void heartbeat() {
		try {
			this.lease.heartbeat();
			if (this.heartbeatFailing) {
				this.heartbeatFailing = false;
				logger.info("The user directory answers heartbeats again");
			}
		}
		catch (StoreException ex) {
			if (!this.heartbeatFailing) {
				this.heartbeatFailing = true;
				logger.warn("The user directory does not answer heartbeats; this node's entries expire unless it "
						+ "answers again in time: {}", ex.toString());
			}
		}
	}

	String nodeId() {
		return this.directory.nodeId();
	}

	Optional<UserDirectory.Entry> locate(String userId) {
		return this.directory.locate(userId);
	}

	/** The user's entry when it is on another node. */
	Optional<UserDirectory.Entry> locateRemote(String userId) {
		return this.directory.locate(userId).filter((entry) -> !entry.nodeId().equals(nodeId()));
	}

	/**
	 * Asks another node to kick a session.
	 * @return completes when that node confirms that the user's data is written;
	 * exceptionally with a {@link TimeoutException} after the persist timeout
	 */
	CompletableFuture<Void> kickRemote(UserDirectory.Entry entry, String reason) {
		return this.directory.requestKick(entry, reason).orTimeout(this.kickTimeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** An operator's kick of a user held by another node: waits at most the persist timeout. */
	void kickRemoteAndWait(UserDirectory.Entry entry, String reason) {
		try {
			kickRemote(entry, reason).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			logger.warn("Node {} did not confirm kicking user '{}' within {}", entry.nodeId(), entry.userId(),
					this.kickTimeout);
		}
	}

	HandOverTimeoutException handOverTimedOut(UserDirectory.Entry entry) {
		logger.warn("Login of user '{}' refused: node {} holds them and did not confirm writing them within {} "
				+ "(slow or gone); the entry stays with that node until it answers or expires", entry.userId(),
				entry.nodeId(), this.kickTimeout);
		return new HandOverTimeoutException("User '" + entry.userId() + "' is held by node " + entry.nodeId()
				+ ", which did not confirm writing them within " + this.kickTimeout + "; try again");
	}

	void close() {
		this.directory.close();
	}

	/** Kicks a session of this node at another node's request. */
	private CompletableFuture<Void> kickRequested(String userId, String sessionId, String reason) {
		Session session = this.registry.byId(sessionId);
		if (session != null) {
			session.kickForHandOver(reason);
		}
		return this.persister.pendingFuture(userId).exceptionally((ex) -> null);
	}

	/** Users another node took while this one was out of touch: fenced, their sessions ended. */
	private void lost(Set<String> users) {
		for (String userId : users) {
			this.records.fence(userId);
			for (Session session : this.claims.sessionsOf(userId)) {
				session.kickFenced("Logged in on another server");
			}
		}
	}

}
