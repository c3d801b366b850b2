package dev.gamesessions.autoconfigure.web;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.identity.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Finishes requests that used {@link CurrentSession @CurrentSession}: re-issues the cookie
 * when the session was {@link Session#renew() renewed} (before the body is written, for
 * {@code @ResponseBody} handlers, or after the handler otherwise), and saves the session
 * data after the response.
 */
@ControllerAdvice
class SessionRequestInterceptor implements HandlerInterceptor, ResponseBodyAdvice<Object> {

	private static final Logger logger = LoggerFactory.getLogger(SessionRequestInterceptor.class);

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
			try {
				session.data().save();
			}
			catch (RuntimeException failure) {
				logger.warn("Could not save session data of session {} after the request: {}", session.maskedId(),
						failure.toString());
			}
		}
	}

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
