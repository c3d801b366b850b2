package dev.gamesessions.autoconfigure.stomp;

import dev.gamesessions.DataCodec;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocket;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketAutoConfiguration;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketProperties;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;

/**
 * Auto-configuration of game sessions on STOMP connections: when the application enables a
 * STOMP broker ({@code @EnableWebSocketMessageBroker}), every STOMP connection gets a game
 * session at {@code CONNECT}, through the same identity chain as plain WebSocket
 * connections, with no configuration of its own ({@code game.sessions.stomp.enabled=false}
 * turns it off).
 */
@AutoConfiguration(after = GameSessionsWebSocketAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ StompCommand.class, StompSubProtocolHandler.class, AbstractUrlHandlerMapping.class })
@ConditionalOnBean({ SessionManager.class, GameSessionsWebSocket.class,
		DelegatingWebSocketMessageBrokerConfiguration.class })
@ConditionalOnBooleanProperty(name = "game.sessions.stomp.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GameSessionsStompProperties.class)
public final class GameSessionsStompAutoConfiguration {

	GameSessionsStompAutoConfiguration() {
	}

	@Bean
	GameSessionsStompConfigurer gameSessionsStompConfigurer(SessionManager manager,
			GameSessionsWebSocketProperties webSocketProperties, GameSessionsStompProperties properties,
			DataCodec codec) {
		return new GameSessionsStompConfigurer(new StompSessionChannelInterceptor(manager, webSocketProperties, codec,
				properties.getDestination()));
	}

	@Bean
	StompEndpointAttacher gameSessionsStompEndpointAttacher(ListableBeanFactory beans, GameSessionsWebSocket webSocket,
			GameSessionsWebSocketProperties webSocketProperties) {
		StompHandshakeInterceptor interceptor = new StompHandshakeInterceptor(webSocket.identityResolver(),
				webSocketProperties.getOnInvalid());
		return new StompEndpointAttacher(beans, interceptor, webSocketProperties.getAllowedOrigins());
	}

}
