package dev.gamesessions.autoconfigure.identity;

import java.util.List;

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
		return (request) -> SessionIdentity.ofResumeToken(manager, () -> request.getHeader(header),
				() -> request.getParameter(parameter));
	}

}
