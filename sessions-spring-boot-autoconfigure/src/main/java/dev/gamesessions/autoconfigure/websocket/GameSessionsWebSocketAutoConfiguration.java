package dev.gamesessions.autoconfigure.websocket;

import java.util.Objects;

import dev.gamesessions.DataCodec;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.identity.SessionCookies;
import dev.gamesessions.autoconfigure.web.GameSessionsWebMvcAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Auto-configuration of game sessions on WebSocket connections: the
 * {@link GameSessionsWebSocket} support bean for handlers of the application's own, and,
 * when {@code game.sessions.websocket.path} is set, the game's endpoint.
 */
@AutoConfiguration(after = { GameSessionsAutoConfiguration.class, GameSessionsWebMvcAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebSocketConfigurer.class)
@ConditionalOnBean(SessionManager.class)
@EnableConfigurationProperties(GameSessionsWebSocketProperties.class)
public final class GameSessionsWebSocketAutoConfiguration {

	GameSessionsWebSocketAutoConfiguration() {
	}

	/**
	 * Also a {@code SessionListener} bean: attached to the manager, the auto-configured one
	 * or the application's own, to close connections of kicked and destroyed sessions.
	 */
	@Bean
	@ConditionalOnMissingBean
	WebSocketConnections gameSessionsWebSocketConnections(GameSessionsWebSocketProperties properties) {
		return new WebSocketConnections(properties.getHeartbeat(), properties.getIdleTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	GameSessionsWebSocket gameSessionsWebSocket(SessionManager manager, GameSessionsWebSocketProperties properties,
			WebSocketConnections connections, DataCodec codec, ObjectProvider<SessionCookies> cookies) {
		return new GameSessionsWebSocket(manager, properties, connections, codec,
				cookies.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("game.sessions.websocket.path")
	@EnableWebSocket
	static class EndpointConfiguration {

		// Not "gameSessionsEndpoint": that is the Actuator endpoint's bean name.
		@Bean
		WebSocketConfigurer gameSessionsWebSocketConfigurer(GameSessionsWebSocket support, GameSessionsWebSocketProperties properties,
				ObjectProvider<GameMessageHandler> messageHandler, ApplicationEventPublisher publisher) {
			// Set: this configuration is conditional on it.
			String path = Objects.requireNonNull(properties.getPath(), "game.sessions.websocket.path");
			GameEndpointHandler handler = new GameEndpointHandler(messageHandler.getIfAvailable(), publisher);
			return (registry) -> support.register(registry, handler, path);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnClass(name = "jakarta.websocket.server.ServerContainer")
		ServletServerContainerFactoryBean gameSessionsWebSocketContainer(GameSessionsWebSocketProperties properties) {
			int maxMessageSize = Math.toIntExact(properties.getMaxMessageSize().toBytes());
			ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
			container.setMaxTextMessageBufferSize(maxMessageSize);
			container.setMaxBinaryMessageBufferSize(maxMessageSize);
			return container;
		}

	}

}
