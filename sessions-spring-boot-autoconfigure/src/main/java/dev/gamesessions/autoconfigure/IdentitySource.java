package dev.gamesessions.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a WebSocket handshake takes the player's identity from.
 */
public enum IdentitySource {

	/**
	 * A resume token in the query parameter or header: the same session, resumed.
	 */
	RESUME_TOKEN,

	/**
	 * The signed session cookie set by HTTP requests with {@code @CurrentSession}.
	 */
	COOKIE,

	/**
	 * The session id kept in the servlet HTTP session (or Spring Session) by
	 * {@code @CurrentSession}.
	 */
	HTTP_SESSION,

	/**
	 * The authenticated principal (Spring Security): the session is identified as the
	 * principal's name.
	 */
	PRINCIPAL;

	/**
	 * The resolvers of the given sources, in their order, as one transport makes them.
	 * @param <R> the transport's resolver type
	 * @param sources the sources, in order of precedence
	 * @param resolverOf the transport's resolver of a source, or empty when that source
	 * names no session of its own there (the principal identifies a started session) or is
	 * not available (the cookie support is off)
	 * @return the resolvers, in order
	 */
	public static <R> List<R> resolvers(List<IdentitySource> sources, Function<IdentitySource, Optional<R>> resolverOf) {
		List<R> resolvers = new ArrayList<>(sources.size());
		for (IdentitySource source : sources) {
			resolverOf.apply(source).ifPresent(resolvers::add);
		}
		return resolvers;
	}

}
