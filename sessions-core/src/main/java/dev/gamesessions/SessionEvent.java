package dev.gamesessions;

import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a session or to the persistence of user data. Events are
 * immutable; they carry the live {@link Session} where there is one.
 *
 * @see SessionListener
 */
public sealed interface SessionEvent {

	/**
	 * The session the event is about.
	 * @return the session, or {@code null} for events about a user or a reference rather than
	 * a live session
	 */
	default @Nullable Session session() {
		return null;
	}

	/**
	 * A session was created ({@link SessionState#NEW}).
	 *
	 * @param session the session
	 */
	record Created(Session session) implements SessionEvent {
	}

	/**
	 * A session was started ({@link SessionState#STARTED}).
	 *
	 * @param session the session
	 */
	record Started(Session session) implements SessionEvent {
	}

	/**
	 * A session was identified as a user ({@link SessionState#IDENTIFIED}).
	 *
	 * @param session the session
	 * @param userId the user id
	 * @param userData the user's data
	 * @param firstTime whether the user had no stored data and got fresh data from the
	 * {@link UserDataFactory}
	 */
	record Identified(Session session, String userId, Object userData, boolean firstTime) implements SessionEvent {
	}

	/**
	 * A session lost its connection and waits out the reconnect grace window
	 * ({@link SessionState#DISCONNECTED}).
	 *
	 * @param session the session
	 */
	record Disconnected(Session session) implements SessionEvent {
	}

	/**
	 * A session was resumed with its resume token; it has a new resume token.
	 *
	 * @param session the session
	 */
	record Reconnected(Session session) implements SessionEvent {
	}

	/**
	 * A session was kicked because its user identified elsewhere; it is destroyed next.
	 *
	 * @param session the session
	 * @param reason readable reason, safe to show to the player
	 */
	record Kicked(Session session, String reason) implements SessionEvent {
	}

	/**
	 * A session is about to be destroyed ({@link SessionState#DESTROYING}); its attributes
	 * and user data are still there. Cagey called this {@code beforeDestroy}.
	 *
	 * @param session the session
	 * @param reason why
	 */
	record BeforeDestroy(Session session, DestroyReason reason) implements SessionEvent {
	}

	/**
	 * A session was destroyed ({@link SessionState#DESTROYED}).
	 *
	 * @param session the session
	 * @param reason why
	 */
	record Destroyed(Session session, DestroyReason reason) implements SessionEvent {
	}

	/**
	 * User data changed since it was last persisted and is being handed to the store. With
	 * the no-op store this is where an application persists user data itself.
	 *
	 * @param session the session whose user data it is
	 * @param userId the user id
	 * @param userData the user data
	 * @param reason why it is persisted now
	 */
	record PersistUserData(Session session, String userId, Object userData, PersistReason reason)
			implements SessionEvent {
	}

	/**
	 * A write of user data failed.
	 *
	 * @param userId the user id
	 * @param cause the store's exception, or a {@link VersionConflictException}
	 * @param willRetry whether the write stays queued and is retried ({@code false} for
	 * version conflicts and for writes abandoned at shutdown)
	 */
	record PersistFailed(String userId, Throwable cause, boolean willRetry) implements SessionEvent {
	}

	/**
	 * A session or stored data was named that is unknown, expired, malformed or unreadable.
	 *
	 * @param session the live session concerned (for unreadable session data), or
	 * {@code null}
	 * @param reference a masked form of the reference (never a whole token or id)
	 * @param reason why it was rejected
	 * @param detail readable detail
	 */
	record Invalid(@Nullable Session session, String reference, InvalidReason reason, String detail)
			implements SessionEvent {
	}

}
