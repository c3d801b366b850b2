package dev.gamesessions.autoconfigure.stomp;

import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocket;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class GameSessionsStompAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GameSessionsAutoConfiguration.class,
				GameSessionsWebSocketAutoConfiguration.class, GameSessionsStompAutoConfiguration.class))
		.withPropertyValues("game.sessions.store=memory");

	@Test
	void attachesToAStompBrokerConfiguration() {
		this.runner.withUserConfiguration(Broker.class).run((context) -> {
			assertThat(context).hasSingleBean(GameSessionsStompConfigurer.class)
				.hasSingleBean(StompEndpointAttacher.class);
			assertThat(context.getBean(GameSessionsStompProperties.class).getDestination())
				.isEqualTo("/user/queue/game-session");
		});
	}

	@Test
	void addsTheHandshakeInterceptorToTheStompEndpointsAndTheGameOriginsWhereTheEndpointSetNone() {
		this.runner.withUserConfiguration(Broker.class)
			.withPropertyValues("game.sessions.websocket.allowed-origins=https://game.example")
			.run((context) -> {
				WebSocketHttpRequestHandler endpoint = stompEndpoint(context, "/stomp");
				assertThat(endpoint.getHandshakeInterceptors()).last().isInstanceOf(StompHandshakeInterceptor.class);
				assertThat(endpoint.getHandshakeInterceptors()).filteredOn(OriginHandshakeInterceptor.class::isInstance)
					.singleElement()
					.satisfies((origins) -> assertThat(((OriginHandshakeInterceptor) origins).getAllowedOriginPatterns())
						.containsExactly("https://game.example"));
				WebSocketHttpRequestHandler own = stompEndpoint(context, "/own-origins");
				assertThat(own.getHandshakeInterceptors()).filteredOn(OriginHandshakeInterceptor.class::isInstance)
					.singleElement()
					.satisfies((origins) -> assertThat(((OriginHandshakeInterceptor) origins).getAllowedOriginPatterns())
						.containsExactly("https://other.example"));
			});
	}

	@Test
	void warnsWhenTheOldWorkaroundAlsoDecoratesTheStompEndpoint(CapturedOutput output) {
		this.runner.withUserConfiguration(Broker.class, OldWorkaround.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("The STOMP endpoint /stomp is also decorated with GameSessionsWebSocket.decorate");
		});
	}

	@Test
	void doesNotWarnWithoutTheOldWorkaround(CapturedOutput output) {
		this.runner.withUserConfiguration(Broker.class)
			.run((context) -> assertThat(output).doesNotContain("also decorated with GameSessionsWebSocket.decorate"));
	}

	private static WebSocketHttpRequestHandler stompEndpoint(ApplicationContext context, String path) {
		AbstractUrlHandlerMapping mapping = context.getBean("stompWebSocketHandlerMapping",
				AbstractUrlHandlerMapping.class);
		return (WebSocketHttpRequestHandler) mapping.getHandlerMap().get(path);
	}

	@Test
	void backsOffWithoutAStompBroker() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(GameSessionsStompConfigurer.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withUserConfiguration(Broker.class)
			.withPropertyValues("game.sessions.stomp.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GameSessionsStompConfigurer.class));
	}

	@Test
	void backsOffWithoutSpringMessaging() {
		this.runner.withClassLoader(new FilteredClassLoader(StompCommand.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GameSessionsStompConfigurer.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class Broker implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
			registry.addEndpoint("/own-origins").setAllowedOriginPatterns("https://other.example");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/queue");
		}

	}

	/** The ten lines the STOMP issue found necessary before STOMP support. */
	@Configuration(proxyBeanMethods = false)
	static class OldWorkaround implements WebSocketMessageBrokerConfigurer {

		private final GameSessionsWebSocket gameSessions;

		OldWorkaround(GameSessionsWebSocket gameSessions) {
			this.gameSessions = gameSessions;
		}

		@Override
		public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
			registration.addDecoratorFactory(this.gameSessions::decorate);
		}

	}

}
