package dev.gamesessions.autoconfigure.stomp;

import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

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
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/queue");
		}

	}

}
