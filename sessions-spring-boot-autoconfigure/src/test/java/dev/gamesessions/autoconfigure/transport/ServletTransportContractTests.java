package dev.gamesessions.autoconfigure.transport;

import org.springframework.boot.WebApplicationType;

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
		return new Class<?>[] { HeaderAuthentication.Servlet.class };
	}

}
