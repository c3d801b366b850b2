package dev.gamesessions.autoconfigure.transport;

import java.security.Principal;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The transport contract on the servlet stack: the starter's WebSocket endpoint on Tomcat.
 */
class ServletTransportContractTests extends TransportContractTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

	@Override
	protected Class<?>[] extraConfiguration() {
		return new Class<?>[] { ServletPrincipal.class };
	}

	/** Stands in for Spring Security: a request with the user header is authenticated as that user. */
	@Configuration(proxyBeanMethods = false)
	static class ServletPrincipal {

		@Bean
		FilterRegistrationBean<Filter> testAuthentication() {
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

}
