package dev.gamesessions.autoconfigure.webflux;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.web.CurrentSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves {@link CurrentSession @CurrentSession} parameters of WebFlux controllers:
 * restored from the signed session cookie (or the {@code WebSession}), created and started
 * when there is none, reconnected when in its grace window, its session data loaded.
 * Runs on the blocking scheduler (a restore or a load may wait for the store; the
 * session's events run the application's listeners), and hands the session to the
 * controller there; a controller that calls blocking engine methods itself
 * ({@code identify}, {@code persistNow}) should use their asynchronous forms. Remembers the session in the exchange for {@link CurrentSessionWebFilter},
 * which re-issues the cookie and saves the session data after the response.
 */
class ReactiveCurrentSessionArgumentResolver implements HandlerMethodArgumentResolver {

	private static final Logger logger = LoggerFactory.getLogger(ReactiveCurrentSessionArgumentResolver.class);

	static final String SESSION_ATTRIBUTE = ReactiveCurrentSessionArgumentResolver.class.getName() + ".SESSION";

	/** The session this request created (no cookie named a live one). */
	static final String CREATED_ATTRIBUTE = ReactiveCurrentSessionArgumentResolver.class.getName() + ".CREATED";

	private final SessionManager manager;

	private final WebFluxSessionCookies cookies;

	private final ExchangeIdentityResolver identity;

	private final Scheduler blocking;

	ReactiveCurrentSessionArgumentResolver(SessionManager manager, WebFluxSessionCookies cookies,
			ExchangeIdentityResolver identity, Scheduler blocking) {
		this.manager = manager;
		this.cookies = cookies;
		this.identity = identity;
		this.blocking = blocking;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(CurrentSession.class)
				&& Session.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		if (exchange.getAttribute(SESSION_ATTRIBUTE) instanceof Session known) {
			return Mono.just(known);
		}
		CurrentSession annotation = parameter.getParameterAnnotation(CurrentSession.class);
		boolean create = annotation == null || annotation.create();
		return this.identity.resolve(exchange)
			.<Session>handle((identity, sink) -> {
				Session session = identity.session();
				if (session == null || session.state().isEnded()) {
					if (!create) {
						return;
					}
					session = this.manager.create();
					exchange.getAttributes().put(CREATED_ATTRIBUTE, session);
				}
				if (session.state() == SessionState.NEW) {
					session.start();
				}
				else if (session.state() == SessionState.DISCONNECTED) {
					// Back within its grace window (a visit's session, or a player whose socket dropped).
					session.reconnect();
				}
				session.touch();
				exchange.getAttributes().put(SESSION_ATTRIBUTE, session);
				sink.next(session);
			})
			.subscribeOn(this.blocking)
			.flatMap((session) -> this.cookies.writeIfChanged(exchange, session).thenReturn(session))
			// The controller runs on whichever thread this ends on: load the session data here,
			// off the event loop, so that the controller's reads and writes never wait for the store.
			.publishOn(this.blocking)
			.map((session) -> {
				preload(session);
				return session;
			});
	}

	private static void preload(Session session) {
		try {
			session.data().sizeInBytes();
		}
		catch (RuntimeException ex) {
			// The store is down: the data loads on first use, where the failure shows.
			logger.debug("Session data of session {} could not be loaded before the request: {}", session.maskedId(),
					ex.toString());
		}
	}

}
