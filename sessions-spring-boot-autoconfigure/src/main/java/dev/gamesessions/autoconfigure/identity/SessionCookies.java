package dev.gamesessions.autoconfigure.identity;

import java.util.Arrays;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The signed session cookie, and the link between a servlet HTTP session (or Spring
 * Session) and a game session.
 * <p>
 * The cookie's value is the session id and an HMAC-SHA256 of it
 * ({@code id.signature}), so a cookie cannot be forged or altered: a tampered cookie is
 * treated as unknown and reported with a {@code SessionInvalidEvent}. The id itself is
 * public; the cookie is the credential.
 */
public final class SessionCookies {

	/**
	 * Servlet HTTP session attribute holding the game session id.
	 */
	public static final String HTTP_SESSION_ATTRIBUTE = SessionCookies.class.getName() + ".ID";

	/**
	 * Name of the cookie unless configured.
	 */
	public static final String DEFAULT_NAME = "GAMESESSION";

	/**
	 * Path of the cookie unless configured.
	 */
	public static final String DEFAULT_PATH = "/";

	private static final String WRITTEN_ATTRIBUTE = SessionCookies.class.getName() + ".WRITTEN";

	private final SessionManager manager;

	private final SessionCookieSigner signer;

	/**
	 * Creates the cookie support.
	 * @param properties the cookie's attributes; an unset name or path is
	 * {@value #DEFAULT_NAME} or {@code /}
	 * @param secret the signing secret (at least 32 characters), or {@code null} for a
	 * random one
	 * @param manager the session manager
	 */
	public SessionCookies(org.springframework.boot.web.server.Cookie properties, @Nullable String secret,
			SessionManager manager) {
		this.manager = manager;
		this.signer = new SessionCookieSigner(properties, secret);
	}

	/**
	 * The cookie value for a session.
	 * @param session the session
	 * @return {@code id.signature}
	 */
	public String valueOf(Session session) {
		return this.signer.sign(session.id());
	}

	/**
	 * The cookie's name, attributes and signature, shared with other web stacks.
	 * @return the signer
	 */
	public SessionCookieSigner signer() {
		return this.signer;
	}

	/**
	 * The session the request's signed cookie names.
	 * @return the resolver
	 */
	public SessionIdentityResolver cookie() {
		return (request) -> this.signer.identify(cookieValue(request), this.manager);
	}

	/**
	 * The session linked to the request's servlet HTTP session (or Spring Session).
	 * @return the resolver
	 */
	public SessionIdentityResolver httpSession() {
		return (request) -> {
			HttpSession httpSession = request.getSession(false);
			Object id = (httpSession != null) ? httpSession.getAttribute(HTTP_SESSION_ATTRIBUTE) : null;
			return (id instanceof String text) ? SessionCookieSigner.restore(text, this.manager) : SessionIdentity.NONE;
		};
	}

	/**
	 * Sets the cookie for a session on a response, and links the session to the request's
	 * HTTP session when there is one.
	 * @param request the request
	 * @param response the response
	 * @param session the session
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, Session session) {
		response.addHeader(HttpHeaders.SET_COOKIE, this.signer.responseCookie(session, request.isSecure()).toString());
		HttpSession httpSession = request.getSession(false);
		if (httpSession != null) {
			httpSession.setAttribute(HTTP_SESSION_ATTRIBUTE, session.id());
		}
	}

	/**
	 * Sets the cookie unless the request already carries it for the session's current id,
	 * or it was already set on this response.
	 * @param request the request
	 * @param response the response
	 * @param session the session
	 */
	public void writeIfChanged(HttpServletRequest request, HttpServletResponse response, Session session) {
		if (response.isCommitted() || session.id().equals(request.getAttribute(WRITTEN_ATTRIBUTE))
				|| isCurrent(request, session)) {
			return;
		}
		write(request, response, session);
		request.setAttribute(WRITTEN_ATTRIBUTE, session.id());
	}

	/**
	 * Whether the request's cookie names the session under its current id.
	 * @param request the request
	 * @param session the session
	 * @return {@code true} when no new cookie is needed
	 */
	public boolean isCurrent(HttpServletRequest request, Session session) {
		String value = cookieValue(request);
		return value != null && session.id().equals(verify(value));
	}

	private @Nullable String cookieValue(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		return Arrays.stream(cookies)
			.filter((cookie) -> cookie.getName().equals(this.signer.name()))
			.map(Cookie::getValue)
			.findFirst()
			.orElse(null);
	}

	/** The id of a correctly signed value, or {@code null}. */
	@Nullable String verify(String value) {
		return this.signer.verify(value);
	}

}
