package dev.gamesessions.autoconfigure.transport;

import org.springframework.boot.WebApplicationType;

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
		return new Class<?>[] { HeaderAuthentication.Reactive.class };
	}

}
