package dev.gamesessions.autoconfigure.web;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.identity.SessionCookies;
import dev.gamesessions.autoconfigure.identity.SessionIdentityResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves {@link CurrentSession @CurrentSession} parameters and remembers the session in
 * the request, so that {@link SessionRequestInterceptor} can set the cookie and save the
 * session data.
 */
class CurrentSessionArgumentResolver implements HandlerMethodArgumentResolver {

	static final String REQUEST_ATTRIBUTE = CurrentSessionArgumentResolver.class.getName() + ".SESSION";

	/** The session this request created (no cookie named a live one). */
	static final String CREATED_ATTRIBUTE = CurrentSessionArgumentResolver.class.getName() + ".CREATED";

	private final SessionManager manager;

	private final SessionCookies cookies;

	private final SessionIdentityResolver identity;

	CurrentSessionArgumentResolver(SessionManager manager, SessionCookies cookies, SessionIdentityResolver identity) {
		this.manager = manager;
		this.cookies = cookies;
		this.identity = identity;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(CurrentSession.class)
				&& Session.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		if (request == null) {
			return null;
		}
		Object known = request.getAttribute(REQUEST_ATTRIBUTE);
		if (known instanceof Session session) {
			return session;
		}
		Session session = this.identity.resolve(request).session();
		if (session == null || session.state().isEnded()) {
			CurrentSession annotation = parameter.getParameterAnnotation(CurrentSession.class);
			if (annotation != null && !annotation.create()) {
				return null;
			}
			session = this.manager.create();
			request.setAttribute(CREATED_ATTRIBUTE, session);
		}
		if (session.state() == SessionState.NEW) {
			session.start();
		}
		else if (session.state() == SessionState.DISCONNECTED) {
			// Back within its grace window (a visit's session, or a player whose socket dropped).
			session.reconnect();
		}
		session.touch();
		request.setAttribute(REQUEST_ATTRIBUTE, session);
		HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
		if (response != null) {
			this.cookies.writeIfChanged(request, response, session);
		}
		return session;
	}

}
