package dev.gamesessions.autoconfigure.web;

import dev.gamesessions.autoconfigure.identity.SessionCookies;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.web.server.Cookie;

/**
 * Configuration properties of the sessions of plain HTTP requests, identified by a signed
 * cookie.
 */
@ConfigurationProperties("game.sessions.http")
public class GameSessionsHttpProperties {

	/**
	 * Session cookie.
	 */
	@NestedConfigurationProperty
	private final SessionCookie cookie = new SessionCookie();

	public SessionCookie getCookie() {
		return this.cookie;
	}

	/**
	 * The session cookie: Spring Boot's {@link Cookie} settings, with the defaults of a
	 * game session cookie, and the secret that signs it. A setting left unset (or set to
	 * nothing) falls back to its default: name {@code GAMESESSION}, path {@code /},
	 * {@code HttpOnly}, {@code SameSite=Lax}; {@code Secure} when the request was secure;
	 * no domain (the request's host) and no max age (a browser-session cookie).
	 */
	public static class SessionCookie extends Cookie {

		/**
		 * Secret that signs the cookie (at least 32 characters); set the same one on every
		 * node. When not set, a random secret is made at startup and cookies do not survive
		 * a restart.
		 */
		private @Nullable String secret;

		public SessionCookie() {
			setName(SessionCookies.DEFAULT_NAME);
			setPath(SessionCookies.DEFAULT_PATH);
			setHttpOnly(true);
			setSameSite(SameSite.LAX);
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

	}

}
