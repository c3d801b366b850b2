package dev.gamesessions.autoconfigure.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a controller method parameter of type {@link dev.gamesessions.Session} to the
 * session of the request, as the kado middleware did: restored from the signed session
 * cookie (or the HTTP session), created and started when there is none, its session data
 * saved after the response.
 *
 * <pre class="code">
 * &#64;PostMapping("/api/room")
 * Room join(&#64;CurrentSession Session session, &#64;RequestBody Join join) {
 *     session.data().set("room", join.room());
 *     return rooms.join(session, join.room());
 * }
 * </pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CurrentSession {

	/**
	 * Whether a session is created when the request has none. When {@code false}, the
	 * parameter is {@code null} instead.
	 * @return whether to create a session
	 */
	boolean create() default true;

}
