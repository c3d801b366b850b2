package dev.gamesessions.autoconfigure.identity;

import java.util.ArrayList;
import java.util.List;

import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.Cookie;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity sources, alone and composed in order.
 */
class SessionIdentityResolverTests {

	private final SessionManager manager = SessionManager.builder().build();

	private final SessionCookies cookies = new SessionCookies(new Cookie(), null, this.manager);

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void theFirstSourceThatFindsASessionWinsAndLaterOnesAreNotAsked() {
		Session first = started();
		List<String> asked = new ArrayList<>();
		SessionIdentityResolver chain = SessionIdentityResolver.firstOf(List.of((request) -> {
			asked.add("rejecting");
			return SessionIdentity.REJECTED;
		}, (request) -> {
			asked.add("finding");
			return SessionIdentity.of(first);
		}, (request) -> {
			asked.add("never");
			return SessionIdentity.NONE;
		}));
		assertThat(chain.resolve(new MockHttpServletRequest()).session()).isSameAs(first);
		assertThat(asked).containsExactly("rejecting", "finding");
	}

	@Test
	void aChainThatFindsNothingIsRejectedOnlyWhenASourceRefusedWhatWasNamed() {
		assertThat(SessionIdentityResolver.firstOf(List.of((request) -> SessionIdentity.NONE))
			.resolve(new MockHttpServletRequest())).isEqualTo(SessionIdentity.NONE);
		assertThat(SessionIdentityResolver
			.firstOf(List.of((request) -> SessionIdentity.REJECTED, (request) -> SessionIdentity.NONE))
			.resolve(new MockHttpServletRequest())).isEqualTo(SessionIdentity.REJECTED);
	}

	@Test
	void aResumeTokenResumesItsSessionFromTheHeaderBeforeTheParameter() {
		Session session = started();
		String token = session.resumeToken();
		SessionIdentityResolver resumeToken = SessionIdentityResolver.resumeToken(this.manager, "X-Resume", "resume");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-Resume", token);
		request.setParameter("resume", "not-a-token");
		assertThat(resumeToken.resolve(request).session()).isSameAs(session);
		assertThat(session.resumeToken()).isNotEqualTo(token);
	}

	@Test
	void aUsedOrUnknownResumeTokenIsRejectedAndReported() {
		List<SessionEvent.Invalid> invalid = new ArrayList<>();
		this.manager.on(SessionEvent.Invalid.class, invalid::add);
		Session session = started();
		String token = session.resumeToken();
		SessionIdentityResolver resumeToken = SessionIdentityResolver.resumeToken(this.manager, "X-Resume", "resume");
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setParameter("resume", token);
		assertThat(resumeToken.resolve(request).session()).isSameAs(session);
		assertThat(resumeToken.resolve(request)).isEqualTo(SessionIdentity.REJECTED);
		assertThat(invalid).hasSize(1);
		assertThat(resumeToken.resolve(new MockHttpServletRequest())).isEqualTo(SessionIdentity.NONE);
	}

	@Test
	void theSignedCookieNamesItsSessionAndATamperedOneIsRejected() {
		Session session = started();
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new jakarta.servlet.http.Cookie(SessionCookies.DEFAULT_NAME, this.cookies.valueOf(session)));
		assertThat(this.cookies.cookie().resolve(request).session()).isSameAs(session);
		MockHttpServletRequest tampered = new MockHttpServletRequest();
		tampered.setCookies(new jakarta.servlet.http.Cookie(SessionCookies.DEFAULT_NAME,
				this.cookies.valueOf(session).replace('.', 'x') + ".AAAA"));
		assertThat(this.cookies.cookie().resolve(tampered)).isEqualTo(SessionIdentity.REJECTED);
		assertThat(this.cookies.cookie().resolve(new MockHttpServletRequest())).isEqualTo(SessionIdentity.NONE);
	}

	@Test
	void theHttpSessionNamesTheSessionLinkedToIt() {
		Session session = started();
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.getSession(true).setAttribute(SessionCookies.HTTP_SESSION_ATTRIBUTE, session.id());
		assertThat(this.cookies.httpSession().resolve(request).session()).isSameAs(session);
		assertThat(this.cookies.httpSession().resolve(new MockHttpServletRequest())).isEqualTo(SessionIdentity.NONE);
	}

	private Session started() {
		Session session = this.manager.create();
		session.start();
		return session;
	}

}
