package dev.gamesessions.autoconfigure.stomp;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.web.CurrentSession;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Resolves {@link Session} parameters of {@code @MessageMapping} and
 * {@code @SubscribeMapping} methods to the game session of the STOMP connection the
 * message came from; {@code @CurrentSession} is optional, and with
 * {@code @CurrentSession(create = false)} a message without a game session gives
 * {@code null} instead of failing.
 */
final class StompSessionArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Session.class;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
		Session session = GameSessionsStomp.findSession(message);
		if (session != null) {
			return session;
		}
		CurrentSession annotation = parameter.getParameterAnnotation(CurrentSession.class);
		if (annotation != null && !annotation.create()) {
			return null;
		}
		throw new MessageHandlingException(message, "No game session for " + parameter
				+ ": the message did not come from a STOMP connection with a game session");
	}

}
