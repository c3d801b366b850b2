package dev.gamesessions.autoconfigure.webflux;

import dev.gamesessions.Session;
import dev.gamesessions.SessionLimitException;
import dev.gamesessions.autoconfigure.identity.RequestSessions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Finishes reactive requests that used {@link dev.gamesessions.autoconfigure.web.CurrentSession
 * @CurrentSession}, as the servlet side does: re-issues the cookie before the response is
 * committed when the session was {@link Session#renew() renewed}, and saves the session
 * data after the handler, off the event loop. A session this request created for a
 * visitor without a cookie is kept only for the reconnect grace window when the request
 * only read ({@code GET}, {@code HEAD}) and left it as it was. A request refused because
 * the node holds its maximum of live sessions gets 503 with
 * {@code X-Game-Session-Error: capacity}.
 */
class CurrentSessionWebFilter implements WebFilter, Ordered {

	private final WebFluxSessionCookies cookies;

	private final Scheduler blocking;

	CurrentSessionWebFilter(WebFluxSessionCookies cookies, Scheduler blocking) {
		this.cookies = cookies;
		this.blocking = blocking;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> Mono.defer(() -> {
			if (exchange.getAttribute(ReactiveCurrentSessionArgumentResolver.SESSION_ATTRIBUTE) instanceof Session session
					&& !session.state().isEnded()) {
				return this.cookies.writeIfChanged(exchange, session);
			}
			return Mono.empty();
		}));
		return chain.filter(exchange)
			.onErrorResume(SessionLimitException.class, (ex) -> full(exchange.getResponse()))
			.then(Mono.defer(() -> finish(exchange)));
	}

	private Mono<Void> finish(ServerWebExchange exchange) {
		if (!(exchange.getAttribute(ReactiveCurrentSessionArgumentResolver.SESSION_ATTRIBUTE) instanceof Session session)
				|| session.state().isEnded()) {
			return Mono.empty();
		}
		HttpMethod method = exchange.getRequest().getMethod();
		return Mono.<Void>fromRunnable(() -> RequestSessions.afterRequest(session,
				exchange.getAttribute(ReactiveCurrentSessionArgumentResolver.CREATED_ATTRIBUTE) == session,
				HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)))
			.subscribeOn(this.blocking);
	}

	/** A node that holds its maximum of live sessions: 503, so that the load balancer or the player tries again. */
	private static Mono<Void> full(ServerHttpResponse response) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(GameSessionHandshakeWebHandler.ERROR_HEADER, "capacity");
		response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory()
			.wrap("Too many players on this server right now; try again".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
	}

}
