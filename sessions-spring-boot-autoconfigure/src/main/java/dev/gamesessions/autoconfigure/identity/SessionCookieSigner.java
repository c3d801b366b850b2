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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.Cookie.SameSite;
import org.springframework.http.ResponseCookie;

/**
 * The game session cookie on any web stack: its name and attributes, and its value,
 * {@code id.signature} with an HMAC-SHA256 of the id. {@link SessionCookies} uses it for
 * servlet requests, the WebFlux integration for reactive ones; neither needs the other's
 * classes.
 */
public final class SessionCookieSigner {

	private static final Logger logger = LoggerFactory.getLogger(SessionCookieSigner.class);

	private static final int MIN_SECRET_LENGTH = 32;

	private static final int SIGNATURE_BYTES = 16;

	private final Cookie properties;

	private final byte[] key;

	/**
	 * Creates a signer.
	 * @param properties the cookie's attributes; an unset name or path is
	 * {@value SessionCookies#DEFAULT_NAME} or {@code /}
	 * @param secret the signing secret (at least 32 characters), or {@code null} for a
	 * random one, valid until this node restarts
	 * @throws InvalidConfigurationPropertyValueException when the secret is too short
	 */
	public SessionCookieSigner(Cookie properties, @Nullable String secret) {
		this.properties = properties;
		this.key = keyFrom(secret);
	}

	/**
	 * The cookie's name.
	 * @return the configured name, or {@value SessionCookies#DEFAULT_NAME}
	 */
	public String name() {
		String name = this.properties.getName();
		return (name != null && !name.isBlank()) ? name : SessionCookies.DEFAULT_NAME;
	}

	/**
	 * The cookie naming a session, with the configured attributes.
	 * @param session the session
	 * @param secureRequest whether the request was secure ({@code Secure} unless
	 * configured)
	 * @return the cookie
	 */
	public ResponseCookie responseCookie(Session session, boolean secureRequest) {
		SameSite sameSite = Objects.requireNonNullElse(this.properties.getSameSite(), SameSite.LAX);
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(name(), sign(session.id()))
			.path(Objects.requireNonNullElse(this.properties.getPath(), SessionCookies.DEFAULT_PATH))
			.httpOnly(!Boolean.FALSE.equals(this.properties.getHttpOnly()))
			.secure((this.properties.getSecure() != null) ? this.properties.getSecure() : secureRequest)
			.sameSite(sameSite.attributeValue())
			.partitioned(Boolean.TRUE.equals(this.properties.getPartitioned()));
		if (this.properties.getDomain() != null) {
			cookie.domain(this.properties.getDomain());
		}
		if (this.properties.getMaxAge() != null) {
			cookie.maxAge(this.properties.getMaxAge());
		}
		return cookie.build();
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
			throw new InvalidConfigurationPropertyValueException("game.sessions.http.cookie.secret", "(hidden)",
					"The secret must be at least " + MIN_SECRET_LENGTH + " characters");
		}
		return secret.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The cookie value for a session id.
	 * @param id the session id
	 * @return {@code id.signature}
	 */
	public String sign(String id) {
		return id + "." + signature(id);
	}

	/**
	 * The id of a correctly signed value.
	 * @param value the cookie value
	 * @return the id, or {@code null} when the value is not {@code id.signature} with the
	 * right signature
	 */
	public @Nullable String verify(String value) {
		int dot = value.indexOf('.');
		if (dot <= 0 || dot != value.lastIndexOf('.')) {
			return null;
		}
		String id = value.substring(0, dot);
		byte[] expected = signature(id).getBytes(StandardCharsets.US_ASCII);
		byte[] actual = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, actual) ? id : null;
	}

	/**
	 * What a cookie value names: the live or restored session of a correctly signed value,
	 * {@link SessionIdentity#REJECTED} for a tampered value (reported as an invalid session)
	 * or an unknown or expired session, {@link SessionIdentity#NONE} without a value. May
	 * wait for the session-data store (a restore).
	 * @param value the cookie value, or {@code null}
	 * @param manager the session manager
	 * @return the identity
	 */
	public SessionIdentity identify(@Nullable String value, SessionManager manager) {
		if (value == null) {
			return SessionIdentity.NONE;
		}
		String id = verify(value);
		if (id == null) {
			manager.reportInvalid(value, InvalidReason.MALFORMED, "Session cookie has a bad signature");
			return SessionIdentity.REJECTED;
		}
		return restore(id, manager);
	}

	/**
	 * The live or restored session of an id taken from a trusted place (a signed cookie,
	 * the HTTP or web session), or {@link SessionIdentity#REJECTED} when it is unknown or
	 * expired.
	 * @param id the session id
	 * @param manager the session manager
	 * @return the identity
	 */
	public static SessionIdentity restore(String id, SessionManager manager) {
		try {
			return SessionIdentity.of(manager.restore(id));
		}
		catch (InvalidSessionException ex) {
			return SessionIdentity.REJECTED;
		}
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
