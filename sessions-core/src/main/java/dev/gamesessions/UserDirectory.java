package dev.gamesessions;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Cluster-wide directory of which node holds each identified user's live session, shared by
 * every node of a game (for example in Redis). With one, the single-session policy holds
 * across nodes, {@link SessionManager#locate(String)} finds a user anywhere, and
 * {@link SessionManager#kick(String, String)} reaches the owning node.
 * <p>
 * Entries expire unless their node refreshes them every {@link #heartbeatInterval()}, so
 * a crashed node's users become free again within the entry time-to-live. Implementations
 * are thread-safe and throw {@code StoreException} when the shared store cannot be reached.
 */
public interface UserDirectory extends AutoCloseable {

	/**
	 * This node's id, unique among the nodes sharing the directory.
	 * @return the node id
	 */
	String nodeId();

	/**
	 * Records a session of this node as the user's live session, atomically applying the
	 * policy against the entry of any node.
	 * @param userId the user id
	 * @param sessionId the session id on this node
	 * @param policy the single-session policy
	 * @return the entry this one replaced (the caller kicks it when it is on another node),
	 * or {@code null}
	 * @throws UserAlreadyOnlineException when the policy is
	 * {@link SingleSessionPolicy#REJECT_NEW} and another session holds the user; nothing is
	 * recorded then
	 */
	@Nullable Entry claim(String userId, String sessionId, SingleSessionPolicy policy);

	/**
	 * Removes the user's entry if it still names this node's session; an entry another
	 * session took over is left alone.
	 * @param userId the user id
	 * @param sessionId the session id on this node
	 */
	void release(String userId, String sessionId);

	/**
	 * Points the user's entry at a new id of the same session (after
	 * {@link Session#renew()}), if the entry still names {@code oldSessionId} on this node;
	 * an entry another session took over is left alone.
	 * @param userId the user id
	 * @param oldSessionId the session's id before the renew
	 * @param newSessionId the session's id now
	 * @return whether the entry was changed
	 */
	boolean rename(String userId, String oldSessionId, String newSessionId);

	/**
	 * Where the user's live session is.
	 * @param userId the user id
	 * @return the entry, or empty when the user is online nowhere
	 */
	Optional<Entry> locate(String userId);

	/**
	 * Extends the time-to-live of this node's entries, putting back those that are gone
	 * (expired while the node or the shared store was stalled, or lost with a restart of the
	 * store): no other session holds those users, so this node still does.
	 * @param sessionsByUser the session id of each identified user on this node
	 * @return the users among them whose entry names another session (taken over); never
	 * {@code null}
	 */
	Set<String> refresh(Map<String, String> sessionsByUser);

	/**
	 * Gives a user's entry back to its previous holder after a hand-over that did not
	 * complete: if the entry still names {@code sessionId} on this node, it becomes
	 * {@code previous} again (keeping its time-to-live); otherwise nothing changes.
	 * @param userId the user id
	 * @param sessionId the session of this node whose claim is undone
	 * @param previous the entry that claim replaced
	 */
	void revert(String userId, String sessionId, Entry previous);

	/**
	 * How often {@link #refresh(Map)} must run for entries to stay alive.
	 * @return the interval, shorter than the entries' time-to-live
	 */
	Duration heartbeatInterval();

	/**
	 * Asks the node holding an entry to kick that session.
	 * @param entry the entry, on another node
	 * @param reason readable reason, safe to show to the player
	 * @return completes when the owning node has kicked the session and written its user
	 * data (or found no such session); never completes when that node does not answer, so
	 * callers bound their wait
	 */
	CompletableFuture<Void> requestKick(Entry entry, String reason);

	/**
	 * Starts delivering kick requests addressed to this node.
	 * @param handler kicks the session and answers when its user data is written
	 */
	void listen(KickHandler handler);

	/**
	 * Stops listening. Entries are left to expire (or were released before).
	 */
	@Override
	void close();

	/**
	 * Handles a kick request from another node.
	 */
	@FunctionalInterface
	interface KickHandler {

		/**
		 * Kicks a session of this node.
		 * @param userId the user id
		 * @param sessionId the session id
		 * @param reason readable reason
		 * @return completes when the session's user data is written
		 */
		CompletableFuture<Void> kick(String userId, String sessionId, String reason);

	}

	/**
	 * A user's live session somewhere in the cluster.
	 *
	 * @param userId the user id
	 * @param nodeId the node holding the session
	 * @param sessionId the session id on that node
	 * @param since when the session claimed the user
	 */
	record Entry(String userId, String nodeId, String sessionId, Instant since) {

		public Entry {
			Objects.requireNonNull(userId, "userId");
			Objects.requireNonNull(nodeId, "nodeId");
			Objects.requireNonNull(sessionId, "sessionId");
			Objects.requireNonNull(since, "since");
		}

	}

}
