package dev.gamesessions.autoconfigure.identity;

import dev.gamesessions.Session;
import org.jspecify.annotations.Nullable;

/**
 * What a request names through one source, or through a chain of them.
 *
 * @param session the live session found, or {@code null}
 * @param rejected whether a source named a session that was refused (tampered, unknown,
 * expired); the source has published a {@code SessionInvalidEvent}
 */
public record SessionIdentity(@Nullable Session session, boolean rejected) {

	/**
	 * Nothing named.
	 */
	public static final SessionIdentity NONE = new SessionIdentity(null, false);

	/**
	 * A named session that was refused.
	 */
	public static final SessionIdentity REJECTED = new SessionIdentity(null, true);

	/**
	 * A session found.
	 * @param session the session
	 * @return the identity
	 */
	public static SessionIdentity of(Session session) {
		return new SessionIdentity(session, false);
	}

}
