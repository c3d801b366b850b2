package dev.gamesessions.autoconfigure.stomp;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.event.GameSessionEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.transport.HeaderAuthentication;
import dev.gamesessions.autoconfigure.web.CurrentSession;
import dev.gamesessions.store.InMemoryUserDataStore;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * A STOMP game server as a new user would write it, with no game sessions glue: Spring's
 * usual broker configuration, a {@code CONNECT}-time authentication interceptor (the
 * {@code login} header stands in for a token checked by Spring Security), and
 * {@code @MessageMapping} methods that take the player's {@link Session}.
 * <ul>
 * <li>{@code /app/echo}: answers on {@code /user/queue/echo} with the session id and the
 * text;</li>
 * <li>{@code /app/push}: answers through {@code session.client().sendJson(...)};</li>
 * <li>{@code /app/setdata} ({@code name=value}) and {@code /app/data} ({@code name}): set
 * and read session data;</li>
 * <li>{@code /app/login}: identifies the session as the text and answers through
 * {@code session.client().send(...)}.</li>
 * </ul>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ StompGameServer.Broker.class, StompGameServer.Game.class, StompGameServer.Page.class,
		HeaderAuthentication.Servlet.class })
class StompGameServer {

	final List<GameSessionEvent> events = new CopyOnWriteArrayList<>();

	@Bean
	InMemoryUserDataStore userDataStore() {
		return new InMemoryUserDataStore();
	}

	@EventListener
	void record(GameSessionEvent event) {
		this.events.add(event);
	}

	/** Sends before the player can have subscribed: held, and delivered after the welcome. */
	@EventListener
	void greet(SessionIdentifiedEvent event) {
		ClientMessenger client = event.getSession().client();
		if ("greeted".equals(event.getUserId()) && client != null) {
			client.send("hello greeted");
		}
	}

	List<Class<?>> typesFor(Session session) {
		return this.events.stream()
			.filter((event) -> event.getSource() == session)
			.<Class<?>>map(Object::getClass)
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	@Order(Ordered.HIGHEST_PRECEDENCE + 99)
	static class Broker implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic", "/queue");
			registry.setApplicationDestinationPrefixes("/app");
		}

		@Override
		public void configureClientInboundChannel(ChannelRegistration registration) {
			registration.interceptors(new ChannelInterceptor() {

				@Override
				public Message<?> preSend(Message<?> message, MessageChannel channel) {
					StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
					if (accessor != null && StompCommand.CONNECT.equals(accessor.getCommand())) {
						String login = accessor.getLogin();
						if (login != null) {
							Principal user = () -> login;
							accessor.setUser(user);
						}
					}
					return message;
				}

			});
		}

	}

	@Controller
	static class Game {

		@MessageMapping("/echo")
		@SendToUser("/queue/echo")
		String echo(Session session, String text) {
			return session.id() + ":" + text;
		}

		@MessageMapping("/push")
		void push(Session session, String text) {
			session.client().sendJson(Map.of("pushed", text, "user", String.valueOf(session.userId())));
		}

		@MessageMapping("/setdata")
		void setData(Session session, String entry) {
			String[] parts = entry.split("=", 2);
			session.data().set(parts[0], parts[1]);
			session.client().send("set " + parts[0]);
		}

		@MessageMapping("/data")
		void data(Session session, String name) {
			session.client().send("data " + session.data().get(name, String.class));
		}

		@MessageMapping("/login")
		void login(Session session, String userId) {
			session.identify(userId);
			session.client().send("welcome " + userId);
		}

	}

	/** The game's page: sets the session cookie that the STOMP handshake then reads. */
	@RestController
	static class Page {

		@GetMapping("/api/me")
		Map<String, Object> me(@CurrentSession Session session) {
			return Map.of("id", session.id());
		}

		/** A login page would do this: the HTTP session then links to the game session. */
		@PostMapping("/api/http-session")
		Map<String, Object> httpSession(HttpServletRequest request) {
			return Map.of("httpSession", request.getSession(true).getId());
		}

	}

}
