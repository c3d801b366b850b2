package dev.gamesessions.autoconfigure.identity;

import java.util.List;

import dev.gamesessions.InvalidReason;
import dev.gamesessions.InvalidSessionException;
import dev.gamesessions.SessionManager;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the game session a request (a page request or a WebSocket handshake) names, from
 * one source; {@link #firstOf(List)} composes sources in order of precedence.
 */
@FunctionalInterface
public interface SessionIdentityResolver {

	/**
	 * What the request names through this source.
	 * @param request the request
	 * @return the session found, {@link SessionIdentity#REJECTED} when the source named a
	 * session that is refused, or {@link SessionIdentity#NONE}
	 */
	SessionIdentity resolve(HttpServletRequest request);

	/**
	 * The first session any of the resolvers finds, in order; rejected when none found one
	 * and at least one refused what the request named.
	 * @param resolvers the resolvers, in order of precedence
	 * @return the composed resolver
	 */
	static SessionIdentityResolver firstOf(List<SessionIdentityResolver> resolvers) {
		List<SessionIdentityResolver> chain = List.copyOf(resolvers);
		return (request) -> {
			boolean rejected = false;
			for (SessionIdentityResolver resolver : chain) {
				SessionIdentity identity = resolver.resolve(request);
				if (identity.session() != null) {
					return identity;
				}
				rejected |= identity.rejected();
			}
			return rejected ? SessionIdentity.REJECTED : SessionIdentity.NONE;
		};
	}

	/**
	 * The session of a resume token, from a header or else a query parameter: the same
	 * session, resumed on this connection (its token rotates).
	 * @param manager the session manager
	 * @param header the header name
	 * @param parameter the query parameter name
	 * @return the resolver
	 */
	static SessionIdentityResolver resumeToken(SessionManager manager, String header, String parameter) {
		return (request) -> {
			String token = request.getHeader(header);
			if (token == null || token.isEmpty()) {
				try {
					token = request.getParameter(parameter);
				}
				catch (RuntimeException ex) {
					// The query string cannot be decoded (invalid percent-encoding or UTF-8): a
					// client's mistake, reported like any malformed token, never a 500.
					manager.reportInvalid("(unreadable)", InvalidReason.MALFORMED, "Resume token cannot be decoded");
					return SessionIdentity.REJECTED;
				}
			}
			if (token == null) {
				return SessionIdentity.NONE;
			}
			try {
				return SessionIdentity.of(manager.resume(token));
			}
			catch (InvalidSessionException ex) {
				return SessionIdentity.REJECTED;
			}
		};
	}

}
