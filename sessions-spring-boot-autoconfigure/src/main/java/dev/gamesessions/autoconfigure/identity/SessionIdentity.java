package dev.gamesessions.autoconfigure.identity;

import java.util.function.Supplier;

import dev.gamesessions.InvalidReason;
import dev.gamesessions.InvalidSessionException;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
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

	/**
	 * The session a resume token names: the same session, resumed on this connection (its
	 * token rotates). The token comes from a header, or else from a query parameter; a
	 * query string that cannot be decoded is a client's mistake, reported like any
	 * malformed token (never a server error).
	 * @param manager the session manager
	 * @param header reads the header ({@code null} or empty when absent)
	 * @param parameter reads the query parameter ({@code null} when absent); may throw when
	 * the query string cannot be decoded
	 * @return the session, {@link #REJECTED} or {@link #NONE}
	 */
	public static SessionIdentity ofResumeToken(SessionManager manager, Supplier<@Nullable String> header,
			Supplier<@Nullable String> parameter) {
		String token = header.get();
		if (token == null || token.isEmpty()) {
			try {
				token = parameter.get();
			}
			catch (RuntimeException ex) {
				manager.reportInvalid("(unreadable)", InvalidReason.MALFORMED, "Resume token cannot be decoded");
				return REJECTED;
			}
		}
		if (token == null) {
			return NONE;
		}
		try {
			return of(manager.resume(token));
		}
		catch (InvalidSessionException ex) {
			return REJECTED;
		}
	}

}
