package dev.gamesessions.autoconfigure.webflux;

import java.util.List;
import java.util.Objects;

import dev.gamesessions.DataCodec;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.identity.SessionCookieSigner;
import dev.gamesessions.autoconfigure.web.GameSessionsHttpProperties;
import dev.gamesessions.autoconfigure.websocket.GameMessageDispatcher;
import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketProperties;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServer;

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
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * Auto-configuration of game sessions on the reactive stack (WebFlux): the signed session
 * cookie and the {@link dev.gamesessions.autoconfigure.web.CurrentSession @CurrentSession}
 * argument for WebFlux controllers, and, on Reactor Netty, the {@link GameSessionsWebFlux}
 * support bean and, when {@code game.sessions.websocket.path} is set, the game's endpoint.
 * The same {@code game.sessions.websocket.*} and {@code game.sessions.http.*} properties
 * as on the servlet stack apply. Blocking engine calls run on Reactor's
 * {@link Schedulers#boundedElastic() bounded elastic} scheduler, never on an event loop.
 */
@AutoConfiguration(after = GameSessionsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ WebFluxConfigurer.class, Mono.class })
@ConditionalOnBean(SessionManager.class)
@EnableConfigurationProperties({ GameSessionsWebSocketProperties.class, GameSessionsHttpProperties.class })
public final class GameSessionsWebFluxAutoConfiguration {

	GameSessionsWebFluxAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	WebFluxSessionCookies gameSessionsWebFluxCookies(GameSessionsHttpProperties properties, SessionManager manager,
			ObjectProvider<WebSessionIdResolver> webSessionIdResolver) {
		// WebFlux finds web sessions by a cookie unless the application says otherwise.
		WebSessionIdResolver resolver = webSessionIdResolver.getIfUnique();
		boolean webSessionsUseCookies = resolver == null || resolver instanceof CookieWebSessionIdResolver;
		return new WebFluxSessionCookies(
				new SessionCookieSigner(properties.getCookie(), properties.getCookie().getSecret()), manager,
				webSessionsUseCookies);
	}

	@Bean
	CurrentSessionWebFilter gameSessionsCurrentSessionWebFilter(WebFluxSessionCookies cookies) {
		return new CurrentSessionWebFilter(cookies, Schedulers.boundedElastic());
	}

	@Bean
	WebFluxConfigurer gameSessionsWebFluxConfigurer(SessionManager manager, WebFluxSessionCookies cookies) {
		return new WebFluxConfigurer() {

			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(new ReactiveCurrentSessionArgumentResolver(manager, cookies,
						ExchangeIdentityResolver.firstOf(List.of(cookies.cookie(), cookies.webSession())),
						Schedulers.boundedElastic()));
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebSocketHandler.class, HttpServer.class })
	static class ReactorNettyConfiguration {

		/**
		 * Also a {@code SessionListener} bean: attached to the manager to close connections of
		 * kicked and destroyed sessions.
		 */
		@Bean
		@ConditionalOnMissingBean
		ReactiveWebSocketConnections gameSessionsReactiveWebSocketConnections(
				GameSessionsWebSocketProperties properties) {
			return new ReactiveWebSocketConnections(properties.getHeartbeat(), properties.getIdleTimeout(),
					properties.getSendTimeLimit());
		}

		@Bean
		@ConditionalOnMissingBean
		GameSessionsWebFlux gameSessionsWebFlux(SessionManager manager, GameSessionsWebSocketProperties properties,
				ReactiveWebSocketConnections connections, DataCodec codec, ObjectProvider<WebFluxSessionCookies> cookies,
				ApplicationEventPublisher publisher) {
			return new GameSessionsWebFlux(manager, properties, connections, codec, cookies.getIfAvailable(),
					publisher, Schedulers.boundedElastic());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnProperty("game.sessions.websocket.path")
		static class EndpointConfiguration {

			@Bean
			HandlerMapping gameSessionsWebFluxEndpoint(GameSessionsWebFlux support,
					GameSessionsWebSocketProperties properties, ObjectProvider<GameMessageHandler> messageHandler,
					ApplicationEventPublisher publisher) {
				// Set: this configuration is conditional on it.
				String path = Objects.requireNonNull(properties.getPath(), "game.sessions.websocket.path");
				return support.mapping(path,
						support.endpoint(new GameMessageDispatcher(messageHandler.getIfAvailable(), publisher)));
			}

		}

	}

}
