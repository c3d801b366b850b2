package dev.gamesessions.autoconfigure.webflux;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Says why a reactive application does not serve {@code game.sessions.websocket.path}
 * instead of leaving players with a silent 404: one WARN at startup when the path is set
 * but no game endpoint was registered (no Reactor Netty, say, or no session manager).
 * Needs no reactive class itself, so it runs whatever the classpath lacks.
 */
@AutoConfiguration(after = GameSessionsWebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty("game.sessions.websocket.path")
public final class ReactiveEndpointCheckAutoConfiguration {

	static final String ENDPOINT_BEAN = "gameSessionsWebFluxEndpoint";

	private static final Logger logger = LoggerFactory.getLogger(ReactiveEndpointCheckAutoConfiguration.class);

	ReactiveEndpointCheckAutoConfiguration() {
	}

	@Bean
	static SmartInitializingSingleton gameSessionsReactiveEndpointCheck(ConfigurableListableBeanFactory beans,
			Environment environment) {
		return () -> {
			if (beans.containsBean(ENDPOINT_BEAN)) {
				return;
			}
			String path = environment.getProperty("game.sessions.websocket.path");
			logger.warn("game.sessions.websocket.path={} is set, but this reactive application does not serve it: {}. "
					+ "Players connecting there get 404.", path, reason(beans));
		};
	}

	private static String reason(ConfigurableListableBeanFactory beans) {
		ClassLoader classLoader = beans.getBeanClassLoader();
		if (!ClassUtils.isPresent("org.springframework.web.reactive.socket.WebSocketHandler", classLoader)) {
			return "Spring WebFlux is not on the classpath; use sessions-spring-boot-starter-webflux";
		}
		if (!ClassUtils.isPresent("reactor.netty.http.server.HttpServer", classLoader)) {
			return "the game endpoint needs Reactor Netty (spring-boot-starter-reactor-netty), which is not on the "
					+ "classpath; use sessions-spring-boot-starter-webflux";
		}
		if (beans.getBeanNamesForType(dev.gamesessions.SessionManager.class, false, false).length == 0) {
			return "there is no SessionManager bean";
		}
		return "the game endpoint was not registered (an application bean of type GameSessionsWebFlux or "
				+ "ReactiveWebSocketConnections may stand in its way)";
	}

}
