package dev.gamesessions.autoconfigure.webflux;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.identity.SessionCookieSigner;
import dev.gamesessions.autoconfigure.identity.SessionCookies;
import dev.gamesessions.autoconfigure.identity.SessionIdentity;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * The signed session cookie on reactive requests, and the link between a
 * {@link org.springframework.web.server.WebSession WebSession} (or Spring Session) and a
 * game session: the WebFlux counterpart of {@link SessionCookies}, with the same cookie
 * name, attributes and signature.
 */
public final class WebFluxSessionCookies {

	/**
	 * {@code WebSession} attribute holding the game session id (the same name as the
	 * servlet HTTP session's).
	 */
	public static final String WEB_SESSION_ATTRIBUTE = SessionCookies.HTTP_SESSION_ATTRIBUTE;

	private static final String WRITTEN_ATTRIBUTE = WebFluxSessionCookies.class.getName() + ".WRITTEN";

	private final SessionCookieSigner signer;

	private final SessionManager manager;

	private final boolean webSessionsUseCookies;

	/**
	 * Creates the cookie support.
	 * @param signer the cookie's name, attributes and signature
	 * @param manager the session manager
	 */
	public WebFluxSessionCookies(SessionCookieSigner signer, SessionManager manager) {
		this(signer, manager, false);
	}

	/**
	 * Creates the cookie support.
	 * @param signer the cookie's name, attributes and signature
	 * @param manager the session manager
	 * @param webSessionsUseCookies whether the application's {@code WebSession}s are found
	 * by a cookie (WebFlux's default): a request without cookies then has no
	 * {@code WebSession} to look at, and none is created for it
	 */
	public WebFluxSessionCookies(SessionCookieSigner signer, SessionManager manager, boolean webSessionsUseCookies) {
		this.signer = signer;
		this.manager = manager;
		this.webSessionsUseCookies = webSessionsUseCookies;
	}

	/**
	 * The session the exchange's signed cookie names. Restoring it may wait for the store.
	 * @return the resolver
	 */
	public ExchangeIdentityResolver cookie() {
		return (exchange) -> Mono.fromCallable(() -> this.signer.identify(cookieValue(exchange), this.manager));
	}

	/**
	 * The session linked to the exchange's {@code WebSession} (or Spring Session).
	 * Restoring it may wait for the store.
	 * @return the resolver
	 */
	public ExchangeIdentityResolver webSession() {
		return (exchange) -> {
			if (this.webSessionsUseCookies && exchange.getRequest().getCookies().isEmpty()) {
				// No cookie, no web session: do not make one only to find it empty.
				return Mono.just(SessionIdentity.NONE);
			}
			return exchange.getSession()
				.map((webSession) -> (webSession.getAttribute(WEB_SESSION_ATTRIBUTE) instanceof String id)
						? SessionCookieSigner.restore(id, this.manager) : SessionIdentity.NONE)
				.defaultIfEmpty(SessionIdentity.NONE);
		};
	}


	/**
	 * Sets the cookie unless the request already carries it for the session's current id,
	 * or it was already set on this response, and links the session to the exchange's
	 * {@code WebSession} when one has been started. Call it before the response is committed
	 * or from a {@code beforeCommit} action.
	 * @param exchange the exchange
	 * @param session the session
	 * @return completes when done
	 */
	public Mono<Void> writeIfChanged(ServerWebExchange exchange, Session session) {
		if (session.id().equals(exchange.getAttribute(WRITTEN_ATTRIBUTE)) || isCurrent(exchange, session)) {
			return Mono.empty();
		}
		boolean secure = exchange.getRequest().getSslInfo() != null;
		exchange.getResponse().addCookie(this.signer.responseCookie(session, secure));
		exchange.getAttributes().put(WRITTEN_ATTRIBUTE, session.id());
		return exchange.getSession().doOnNext((webSession) -> {
			if (webSession.isStarted()) {
				webSession.getAttributes().put(WEB_SESSION_ATTRIBUTE, session.id());
			}
		}).then();
	}

	/**
	 * Whether the exchange's cookie names the session under its current id.
	 * @param exchange the exchange
	 * @param session the session
	 * @return {@code true} when no new cookie is needed
	 */
	public boolean isCurrent(ServerWebExchange exchange, Session session) {
		String value = cookieValue(exchange);
		return value != null && session.id().equals(this.signer.verify(value));
	}

	private @Nullable String cookieValue(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(this.signer.name());
		return (cookie != null) ? cookie.getValue() : null;
	}

}
