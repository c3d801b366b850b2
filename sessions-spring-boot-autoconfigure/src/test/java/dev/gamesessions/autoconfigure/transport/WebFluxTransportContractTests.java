package dev.gamesessions.autoconfigure.transport;

import java.security.Principal;

import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * The transport contract on the reactive stack: the starter's WebFlux endpoint on Reactor
 * Netty.
 */
class WebFluxTransportContractTests extends TransportContractTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

	@Override
	protected Class<?>[] extraConfiguration() {
		return new Class<?>[] { ReactivePrincipal.class };
	}

	/** Stands in for Spring Security: a request with the user header is authenticated as that user. */
	@Configuration(proxyBeanMethods = false)
	static class ReactivePrincipal {

		@Bean
		WebFilter testAuthentication() {
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
