package dev.gamesessions.autoconfigure.web;

import java.util.List;

import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.identity.SessionCookies;
import dev.gamesessions.autoconfigure.identity.SessionIdentityResolver;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.Cookie;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of game sessions for Spring MVC: the signed session cookie and the
 * {@link CurrentSession @CurrentSession} controller argument.
 */
@AutoConfiguration(after = GameSessionsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebMvcConfigurer.class, jakarta.servlet.http.HttpServletRequest.class, Cookie.class })
@ConditionalOnBean(SessionManager.class)
@EnableConfigurationProperties(GameSessionsHttpProperties.class)
public final class GameSessionsWebMvcAutoConfiguration {

	GameSessionsWebMvcAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	SessionCookies gameSessionCookies(GameSessionsHttpProperties properties, SessionManager manager) {
		return new SessionCookies(properties.getCookie(), properties.getCookie().getSecret(), manager);
	}

	@Bean
	SessionRequestInterceptor gameSessionRequestInterceptor(SessionCookies cookies) {
		return new SessionRequestInterceptor(cookies);
	}

	@Bean
	WebMvcConfigurer gameSessionsWebMvcConfigurer(SessionManager manager, SessionCookies cookies,
			SessionRequestInterceptor interceptor) {
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new CurrentSessionArgumentResolver(manager, cookies,
						SessionIdentityResolver.firstOf(List.of(cookies.cookie(), cookies.httpSession()))));
			}

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(interceptor);
			}

		};
	}

}
