package dev.gamesessions.autoconfigure.webflux;

import java.util.List;

import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.identity.SessionIdentity;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the game session a reactive request (a page request or a WebSocket handshake)
 * names, from one source; {@link #firstOf(List)} composes sources in order of precedence.
 * The WebFlux counterpart of
 * {@link dev.gamesessions.autoconfigure.identity.SessionIdentityResolver}.
 * <p>
 * A source may wait for the session-data store (restoring a session) and may publish the
 * session's events: subscribe off the event loop.
 */
@FunctionalInterface
public interface ExchangeIdentityResolver {

	/**
	 * What the exchange names through this source.
	 * @param exchange the exchange
	 * @return the session found, {@link SessionIdentity#REJECTED} when the source named a
	 * session that is refused, or {@link SessionIdentity#NONE}; never empty
	 */
	Mono<SessionIdentity> resolve(ServerWebExchange exchange);

	/**
	 * The first session any of the resolvers finds, in order (later ones are not asked);
	 * rejected when none found one and at least one refused what the exchange named.
	 * @param resolvers the resolvers, in order of precedence
	 * @return the composed resolver
	 */
	static ExchangeIdentityResolver firstOf(List<ExchangeIdentityResolver> resolvers) {
		List<ExchangeIdentityResolver> chain = List.copyOf(resolvers);
		return (exchange) -> Flux.fromIterable(chain)
			.concatMap((resolver) -> resolver.resolve(exchange), 0)
			.takeUntil((identity) -> identity.session() != null)
			.reduce(SessionIdentity.NONE, (found, next) -> {
				if (next.session() != null) {
					return next;
				}
				return (found.rejected() || next.rejected()) ? SessionIdentity.REJECTED : SessionIdentity.NONE;
			});
	}

	/**
	 * The session of a resume token, from a header or else a query parameter: the same
	 * session, resumed on this connection (its token rotates).
	 * @param manager the session manager
	 * @param header the header name
	 * @param parameter the query parameter name
	 * @return the resolver
	 */
	static ExchangeIdentityResolver resumeToken(SessionManager manager, String header, String parameter) {
		return (exchange) -> Mono.fromCallable(() -> SessionIdentity.ofResumeToken(manager,
				() -> exchange.getRequest().getHeaders().getFirst(header),
				() -> exchange.getRequest().getQueryParams().getFirst(parameter)));
	}

}
