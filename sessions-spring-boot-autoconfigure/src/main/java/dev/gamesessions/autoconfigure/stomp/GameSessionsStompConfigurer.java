package dev.gamesessions.autoconfigure.stomp;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * Hooks game sessions into the application's STOMP broker configuration: the handler
 * decorator on the WebSocket transport, the session interceptor on the client inbound
 * channel and the {@code Session} argument of {@code @MessageMapping} methods. Ordered last,
 * so that the interceptor runs after the application's own (which may set the
 * {@code CONNECT} principal).
 */
final class GameSessionsStompConfigurer implements WebSocketMessageBrokerConfigurer, Ordered {

	private final StompSessionChannelInterceptor interceptor;

	GameSessionsStompConfigurer(StompSessionChannelInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.addDecoratorFactory(StompGameSessionHandler::new);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.interceptor);
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> argumentResolvers) {
		argumentResolvers.add(new StompSessionArgumentResolver());
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
