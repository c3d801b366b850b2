package dev.gamesessions.autoconfigure.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.gamesessions.InvalidReason;
import dev.gamesessions.InvalidSessionException;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.Cookie.SameSite;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

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

	private static final Logger logger = LoggerFactory.getLogger(SessionCookies.class);

	private static final int MIN_SECRET_LENGTH = 32;

	private static final int SIGNATURE_BYTES = 16;

	private final org.springframework.boot.web.server.Cookie properties;

	private final SessionManager manager;

	private final byte[] key;

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
		this.properties = properties;
		this.manager = manager;
		this.key = keyFrom(secret);
	}

	private String name() {
		String name = this.properties.getName();
		return (name != null && !name.isBlank()) ? name : DEFAULT_NAME;
	}

	private static byte[] keyFrom(@Nullable String secret) {
		if (secret == null) {
			logger.info("Game session cookies are signed with a random key: they are valid on this node until it "
					+ "restarts (set game.sessions.http.cookie.secret to share them across nodes and restarts)");
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			return random;
		}
		if (secret.length() < MIN_SECRET_LENGTH) {
			throw new org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException(
					"game.sessions.http.cookie.secret", "(hidden)",
					"The secret must be at least " + MIN_SECRET_LENGTH + " characters");
		}
		return secret.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The cookie value for a session.
	 * @param session the session
	 * @return {@code id.signature}
	 */
	public String valueOf(Session session) {
		return session.id() + "." + signature(session.id());
	}

	/**
	 * The session the request's signed cookie names.
	 * @return the resolver
	 */
	public SessionIdentityResolver cookie() {
		return (request) -> {
			String value = cookieValue(request);
			if (value == null) {
				return SessionIdentity.NONE;
			}
			String id = verify(value);
			if (id == null) {
				this.manager.reportInvalid(value, InvalidReason.MALFORMED, "Session cookie has a bad signature");
				return SessionIdentity.REJECTED;
			}
			return restore(id);
		};
	}

	/**
	 * The session linked to the request's servlet HTTP session (or Spring Session).
	 * @return the resolver
	 */
	public SessionIdentityResolver httpSession() {
		return (request) -> {
			HttpSession httpSession = request.getSession(false);
			Object id = (httpSession != null) ? httpSession.getAttribute(HTTP_SESSION_ATTRIBUTE) : null;
			return (id instanceof String text) ? restore(text) : SessionIdentity.NONE;
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
		SameSite sameSite = Objects.requireNonNullElse(this.properties.getSameSite(), SameSite.LAX);
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(name(), valueOf(session))
			.path(Objects.requireNonNullElse(this.properties.getPath(), DEFAULT_PATH))
			.httpOnly(!Boolean.FALSE.equals(this.properties.getHttpOnly()))
			.secure((this.properties.getSecure() != null) ? this.properties.getSecure() : request.isSecure())
			.sameSite(sameSite.attributeValue())
			.partitioned(Boolean.TRUE.equals(this.properties.getPartitioned()));
		if (this.properties.getDomain() != null) {
			cookie.domain(this.properties.getDomain());
		}
		if (this.properties.getMaxAge() != null) {
			cookie.maxAge(this.properties.getMaxAge());
		}
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.build().toString());
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

	private SessionIdentity restore(String id) {
		try {
			return SessionIdentity.of(this.manager.restore(id));
		}
		catch (InvalidSessionException ex) {
			return SessionIdentity.REJECTED;
		}
	}

	private @Nullable String cookieValue(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		return Arrays.stream(cookies)
			.filter((cookie) -> cookie.getName().equals(name()))
			.map(Cookie::getValue)
			.findFirst()
			.orElse(null);
	}

	/** The id of a correctly signed value, or {@code null}. */
	@Nullable String verify(String value) {
		int dot = value.indexOf('.');
		if (dot <= 0 || dot != value.lastIndexOf('.')) {
			return null;
		}
		String id = value.substring(0, dot);
		byte[] expected = signature(id).getBytes(StandardCharsets.US_ASCII);
		byte[] actual = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, actual) ? id : null;
	}

	private String signature(String id) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			byte[] digest = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, SIGNATURE_BYTES));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
