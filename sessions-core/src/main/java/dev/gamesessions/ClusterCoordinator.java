package dev.gamesessions;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the cluster-wide {@link UserDirectory}: answers other nodes' kick
 * requests, asks other nodes to kick, and keeps this node's entries alive with heartbeats.
 * <p>
 * A kick request arrives on the directory's listener thread, which must not run
 * application code or wait: the session's user data is queued for writing at once, the
 * request is answered when that write is durable, and the session's events run on the
 * engine's event executor.
 */
final class ClusterCoordinator {

	private static final Logger logger = LoggerFactory.getLogger(ClusterCoordinator.class);

	private final UserDirectory directory;

	private final SessionRegistry registry;

	private final UserClaims claims;

	private final WriteBehindPersister persister;

	private final Duration kickTimeout;

	ClusterCoordinator(UserDirectory directory, SessionRegistry registry, UserClaims claims,
			WriteBehindPersister persister, Duration kickTimeout) {
		this.directory = directory;
		this.registry = registry;
		this.claims = claims;
		this.persister = persister;
		this.kickTimeout = kickTimeout;
	}

	void start(SessionScheduler scheduler) {
		this.directory.listen(this::kickRequested);
		scheduler.every(this.directory.heartbeatInterval(), "directory heartbeat",
				() -> this.directory.refresh(this.claims.newestSessionIds()));
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
	 * Asks another node to kick a session and waits, at most the persist timeout, until it
	 * confirms that the user's data is written.
	 */
	void kickRemote(UserDirectory.Entry entry, String reason) {
		CompletableFuture<Void> kicked = this.directory.requestKick(entry, reason);
		try {
			kicked.get(this.kickTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Node {} did not confirm kicking user '{}' in time; continuing (its entry expires if it is gone)",
					entry.nodeId(), entry.userId());
		}
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

}
