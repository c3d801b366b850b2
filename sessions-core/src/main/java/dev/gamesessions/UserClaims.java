package dev.gamesessions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which sessions hold each user, on this node and (with a {@link UserDirectory}) across the
 * cluster, and the single-session policy applied when a session claims a user.
 * <p>
 * Claims on this node are atomic per user (one {@code compute} on a concurrent map). While
 * the manager shuts down, directory entries are released only after the final flush
 * ({@link #deferReleases()}, {@link #releaseDeferred()}), so that no other node loads a
 * user whose last write is still queued here.
 */
final class UserClaims {

	private static final Logger logger = LoggerFactory.getLogger(UserClaims.class);

	private final Map<String, List<Session>> byUser = new ConcurrentHashMap<>();

	private final SingleSessionPolicy policy;

	private final @Nullable UserDirectory directory;

	/** Directory entries to release once the shutdown flush is done; set while closing. */
	private volatile @Nullable List<Release> deferred;

	UserClaims(SingleSessionPolicy policy, @Nullable UserDirectory directory) {
		this.policy = policy;
		this.directory = directory;
	}

	/**
	 * Registers a session as the user's, applying the single-session policy atomically on
	 * this node, then in the directory.
	 * @return the sessions to kick on this node, and the directory entry of another node
	 * to kick
	 * @throws UserAlreadyOnlineException when the policy rejects the new session; nothing
	 * is claimed then
	 */
	Claim claim(String userId, Session session) {
		List<Session> local = claimLocally(userId, session);
		UserDirectory.Entry remote = null;
		if (this.directory != null) {
			UserDirectory.Entry previous;
			try {
				previous = this.directory.claim(userId, session.id(), this.policy);
			}
			catch (RuntimeException ex) {
				unclaimLocally(userId, session);
				throw ex;
			}
			if (previous != null && !previous.nodeId().equals(this.directory.nodeId())
					&& this.policy == SingleSessionPolicy.KICK_PREVIOUS) {
				remote = previous;
			}
		}
		return new Claim(local, remote);
	}

	/** Takes a session's claim on a user back, here and in the directory. */
	void release(String userId, Session session) {
		unclaimLocally(userId, session);
		if (this.directory != null) {
			List<Release> later = this.deferred;
			if (later != null) {
				later.add(new Release(userId, session.id()));
			}
			else {
				releaseInDirectory(userId, session.id());
			}
		}
	}

	/**
	 * Undoes a claim whose hand-over from another node did not complete: the session no
	 * longer holds the user here, and the directory entry goes back to the other node.
	 */
	void revert(String userId, Session session, UserDirectory.Entry previous) {
		unclaimLocally(userId, session);
		if (this.directory == null) {
			return;
		}
		try {
			this.directory.revert(userId, session.id(), previous);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not give user '{}' back to node {} in the directory; the entry expires by itself: {}",
					userId, previous.nodeId(), ex.toString());
		}
	}

	/** Points the user's directory entry at the session's new id after a renew. */
	void renamed(String userId, String oldId, String newId) {
		if (this.directory == null) {
			return;
		}
		try {
			this.directory.rename(userId, oldId, newId);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not move user '{}' to the renewed session in the directory; the next heartbeat "
					+ "retries: {}", userId, ex.toString());
		}
	}

	/** The newest session of a user on this node. */
	Optional<Session> newest(String userId) {
		List<Session> sessions = this.byUser.get(userId);
		return (sessions == null || sessions.isEmpty()) ? Optional.empty()
				: Optional.of(sessions.get(sessions.size() - 1));
	}

	List<Session> sessionsOf(String userId) {
		return this.byUser.getOrDefault(userId, List.of());
	}

	/** The session id of each user's newest session on this node, for heartbeats. */
	Map<String, String> newestSessionIds() {
		Map<String, String> sessionsByUser = new HashMap<>();
		this.byUser.forEach((userId, sessions) -> {
			if (!sessions.isEmpty()) {
				sessionsByUser.put(userId, sessions.get(sessions.size() - 1).id());
			}
		});
		return sessionsByUser;
	}

	void deferReleases() {
		this.deferred = java.util.Collections.synchronizedList(new ArrayList<>());
	}

	void releaseDeferred() {
		List<Release> later = this.deferred;
		if (later == null || this.directory == null) {
			return;
		}
		synchronized (later) {
			int released = 0;
			try {
				for (Release release : later) {
					this.directory.release(release.userId(), release.sessionId());
					released++;
				}
			}
			catch (RuntimeException ex) {
				// One line for the lot: a directory that is down fails every release alike.
				logger.warn("Could not release {} users in the directory at shutdown; their entries expire by "
						+ "themselves: {}", later.size() - released, ex.toString());
			}
			later.clear();
		}
	}

	private List<Session> claimLocally(String userId, Session session) {
		if (this.byUser.putIfAbsent(userId, List.of(session)) == null) {
			return List.of();
		}
		List<Session> toKick = new ArrayList<>();
		this.byUser.compute(userId, (id, current) -> {
			List<Session> others = (current != null) ? liveOthers(current, session) : List.of();
			if (this.policy == SingleSessionPolicy.REJECT_NEW && !others.isEmpty()) {
				throw new UserAlreadyOnlineException("User '" + userId + "' already has a live session");
			}
			if (this.policy == SingleSessionPolicy.KICK_PREVIOUS || others.isEmpty()) {
				toKick.addAll(others);
				return List.of(session);
			}
			List<Session> sessions = new ArrayList<>(others.size() + 1);
			sessions.addAll(others);
			sessions.add(session);
			return List.copyOf(sessions);
		});
		return toKick;
	}

	private void unclaimLocally(String userId, Session session) {
		this.byUser.computeIfPresent(userId, (id, current) -> without(current, session));
	}

	/** The sessions of a user other than {@code session} that have not ended, in order. */
	private static List<Session> liveOthers(List<Session> sessions, Session session) {
		List<Session> others = null;
		for (Session other : sessions) {
			if (other != session && !other.state().isEnded()) {
				if (others == null) {
					others = new ArrayList<>(sessions.size());
				}
				others.add(other);
			}
		}
		return (others != null) ? others : List.of();
	}

	/** A user's sessions without {@code session}, in order; {@code null} when none remain. */
	private static @Nullable List<Session> without(List<Session> sessions, Session session) {
		if (!sessions.contains(session)) {
			return sessions;
		}
		if (sessions.size() == 1) {
			return null;
		}
		List<Session> remaining = new ArrayList<>(sessions);
		remaining.remove(session);
		return List.copyOf(remaining);
	}

	private void releaseInDirectory(String userId, String sessionId) {
		UserDirectory directory = this.directory;
		if (directory == null) {
			return;
		}
		try {
			directory.release(userId, sessionId);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not release user '{}' in the directory; the entry expires by itself: {}", userId,
					ex.toString());
		}
	}

	/**
	 * The outcome of a claim.
	 *
	 * @param localToKick sessions of this node to kick
	 * @param remoteToKick the entry of another node to kick, or {@code null}
	 */
	record Claim(List<Session> localToKick, UserDirectory.@Nullable Entry remoteToKick) {
	}

	private record Release(String userId, String sessionId) {
	}

}
