/**
 * Game sessions on the reactive stack (Spring WebFlux on Reactor Netty): the handshake
 * handler, the connection handler, the client messenger with a bounded outbound buffer,
 * heartbeats and idle timeout, the auto-registered endpoint and the
 * {@code @CurrentSession} controller argument for WebFlux controllers. Blocking engine
 * calls (store loads and saves, listeners of the session's events) never run on an event
 * loop.
 */
@NullMarked
package dev.gamesessions.autoconfigure.webflux;

import org.jspecify.annotations.NullMarked;
