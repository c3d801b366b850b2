package dev.gamesessions.autoconfigure.stomp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.gamesessions.autoconfigure.websocket.GameSessionWebSocketHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;
import org.springframework.web.socket.sockjs.support.SockJsHttpRequestHandler;
import org.springframework.web.socket.sockjs.transport.TransportHandlingSockJsService;

/**
 * Adds the game's handshake interceptor to every STOMP endpoint that the application
 * registered ({@code registerStompEndpoints}), once all beans exist and before the web
 * server accepts connections, so that the cookie, the HTTP session and a resume token in the
 * handshake name the player's session without a line of configuration. When
 * {@code game.sessions.websocket.allowed-origins} is set, endpoints that allow only their
 * own origin (Spring's default: no {@code setAllowedOrigins} or
 * {@code setAllowedOriginPatterns}) allow those origins; an endpoint's own setting wins.
 */
final class StompEndpointAttacher implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(StompEndpointAttacher.class);

	private final ListableBeanFactory beans;

	private final HandshakeInterceptor interceptor;

	private final List<String> allowedOrigins;

	StompEndpointAttacher(ListableBeanFactory beans, HandshakeInterceptor interceptor, List<String> allowedOrigins) {
		this.beans = beans;
		this.interceptor = interceptor;
		this.allowedOrigins = List.copyOf(allowedOrigins);
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (AbstractUrlHandlerMapping mapping : this.beans.getBeansOfType(AbstractUrlHandlerMapping.class, false, false)
			.values()) {
			mapping.getHandlerMap().forEach((path, handler) -> {
				if (handler instanceof WebSocketHttpRequestHandler webSocket && isOurs(webSocket.getWebSocketHandler())) {
					warnIfDecoratedTwice(path, webSocket.getWebSocketHandler());
					webSocket.setHandshakeInterceptors(attach(webSocket.getHandshakeInterceptors()));
					logger.debug("Game sessions attached to the STOMP endpoint {}", path);
				}
				else if (handler instanceof SockJsHttpRequestHandler sockJs && isOurs(sockJs.getWebSocketHandler())
						&& sockJs.getSockJsService() instanceof TransportHandlingSockJsService service) {
					warnIfDecoratedTwice(path, sockJs.getWebSocketHandler());
					service.setHandshakeInterceptors(attach(service.getHandshakeInterceptors()));
					if (!this.allowedOrigins.isEmpty() && isEmpty(service.getAllowedOrigins())
							&& isEmpty(service.getAllowedOriginPatterns())) {
						service.setAllowedOriginPatterns(this.allowedOrigins);
					}
					logger.debug("Game sessions attached to the STOMP (SockJS) endpoint {}", path);
				}
			});
		}
	}

	/**
	 * The workaround of earlier versions ({@code addDecoratorFactory(gameSessions::decorate)})
	 * would now give each STOMP connection a second session and send a raw JSON frame that
	 * breaks STOMP clients.
	 */
	private static void warnIfDecoratedTwice(String path, WebSocketHandler handler) {
		WebSocketHandler current = handler;
		while (current instanceof WebSocketHandlerDecorator decorator) {
			if (decorator instanceof GameSessionWebSocketHandler) {
				logger.warn("The STOMP endpoint {} is also decorated with GameSessionsWebSocket.decorate: remove that "
						+ "decorator factory (and the handshake interceptor), game sessions attach to STOMP endpoints "
						+ "by themselves", path);
				return;
			}
			current = decorator.getDelegate();
		}
	}

	private static boolean isOurs(WebSocketHandler handler) {
		return StompGameSessionHandler.isDecorated(handler);
	}

	private List<HandshakeInterceptor> attach(List<HandshakeInterceptor> interceptors) {
		List<HandshakeInterceptor> attached = new ArrayList<>(interceptors.size() + 1);
		for (HandshakeInterceptor existing : interceptors) {
			if (existing == this.interceptor) {
				return interceptors;
			}
			if (existing instanceof OriginHandshakeInterceptor origins && !this.allowedOrigins.isEmpty()
					&& isEmpty(origins.getAllowedOrigins()) && isEmpty(origins.getAllowedOriginPatterns())) {
				origins.setAllowedOriginPatterns(this.allowedOrigins);
			}
			attached.add(existing);
		}
		// Last: after the origin check and the application's own interceptors.
		attached.add(this.interceptor);
		return attached;
	}

	private static boolean isEmpty(@Nullable Collection<String> values) {
		return values == null || values.isEmpty();
	}

}
