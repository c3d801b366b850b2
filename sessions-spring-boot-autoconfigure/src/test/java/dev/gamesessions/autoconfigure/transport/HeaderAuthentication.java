package dev.gamesessions.autoconfigure.transport;

import java.security.Principal;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * The tests' stand-in for Spring Security: a request (a handshake) with the
 * {@value ContractGame#USER_HEADER} header is authenticated as that user. Import
 * {@link Servlet} or {@link Reactive}, as the application's stack is.
 */
public final class HeaderAuthentication {

	private HeaderAuthentication() {
	}

	/** On the servlet stack: a filter that wraps the request with the user as its principal. */
	@Configuration(proxyBeanMethods = false)
	public static class Servlet {

		@Bean
		FilterRegistrationBean<Filter> headerAuthentication() {
			Filter filter = (request, response, chain) -> {
				String user = ((HttpServletRequest) request).getHeader(ContractGame.USER_HEADER);
				if (user == null) {
					chain.doFilter(request, response);
					return;
				}
				chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {

					@Override
					public Principal getUserPrincipal() {
						return () -> user;
					}

				}, response);
			};
			return new FilterRegistrationBean<>(filter);
		}

	}

	/** On the reactive stack: a web filter that sets the exchange's principal. */
	@Configuration(proxyBeanMethods = false)
	public static class Reactive {

		@Bean
		WebFilter headerAuthentication() {
			return (exchange, chain) -> {
				String user = exchange.getRequest().getHeaders().getFirst(ContractGame.USER_HEADER);
				if (user == null) {
					return chain.filter(exchange);
				}
				Principal principal = () -> user;
				return chain.filter(exchange.mutate().principal(Mono.just(principal)).build());
			};
		}

	}

}
