package dev.gamesessions.autoconfigure.web;

import dev.gamesessions.Session;
import dev.gamesessions.SessionLimitException;
import dev.gamesessions.autoconfigure.identity.RequestSessions;
import dev.gamesessions.autoconfigure.identity.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Finishes requests that used {@link CurrentSession @CurrentSession}: re-issues the cookie
 * when the session was {@link Session#renew() renewed} (before the body is written, for
 * {@code @ResponseBody} handlers, or after the handler otherwise), and saves the session
 * data after the response. A session this request created for a visitor without a cookie
 * is kept only for the reconnect grace window when the request only read ({@code GET},
 * {@code HEAD}) and left it as it was (not identified, no session data): the page's
 * WebSocket or the next request with the cookie picks it up, and anonymous page views do
 * not pile up live sessions for hours. A request refused because the node holds its
 * maximum of live sessions gets 503.
 */
@ControllerAdvice
class SessionRequestInterceptor implements HandlerInterceptor, ResponseBodyAdvice<Object> {

	private final SessionCookies cookies;

	SessionRequestInterceptor(SessionCookies cookies) {
		this.cookies = cookies;
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable ModelAndView modelAndView) {
		refreshCookie(request, response);
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable Exception ex) {
		if (request.getAttribute(CurrentSessionArgumentResolver.REQUEST_ATTRIBUTE) instanceof Session session
				&& !session.state().isEnded()) {
			RequestSessions.afterRequest(session,
					request.getAttribute(CurrentSessionArgumentResolver.CREATED_ATTRIBUTE) == session,
					"GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
		}
	}

	/**
	 * A {@code @CurrentSession} request on a node that holds its maximum of live sessions:
	 * 503, so that the load balancer or the player tries again.
	 * @param ex the refusal
	 * @return the response
	 */
	@ExceptionHandler(SessionLimitException.class)
	ResponseEntity<String> full(SessionLimitException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header("X-Game-Session-Error", "capacity")
			.body("Too many players on this server right now; try again");
	}

	/**
	 * Whether the session was created by this request, which only read and left it as it
	 * was (not identified, no session data).
	 */
	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (request instanceof ServletServerHttpRequest servletRequest
				&& response instanceof ServletServerHttpResponse servletResponse) {
			refreshCookie(servletRequest.getServletRequest(), servletResponse.getServletResponse());
		}
		return body;
	}

	private void refreshCookie(HttpServletRequest request, HttpServletResponse response) {
		if (request.getAttribute(CurrentSessionArgumentResolver.REQUEST_ATTRIBUTE) instanceof Session session
				&& !session.state().isEnded()) {
			this.cookies.writeIfChanged(request, response, session);
		}
	}

}
