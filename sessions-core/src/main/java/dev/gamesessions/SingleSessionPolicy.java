package dev.gamesessions;

/**
 * What happens when a user identifies while they already have a live session.
 */
public enum SingleSessionPolicy {

	/**
	 * The user may have several sessions at once; they share the user data on this node.
	 */
	ALLOW,

	/**
	 * The previous session is kicked (a {@link SessionEvent.Kicked} event, then destroyed)
	 * and the new one proceeds.
	 */
	KICK_PREVIOUS,

	/**
	 * The new session's identify fails with {@link UserAlreadyOnlineException}; the
	 * previous one keeps playing.
	 */
	REJECT_NEW

}
