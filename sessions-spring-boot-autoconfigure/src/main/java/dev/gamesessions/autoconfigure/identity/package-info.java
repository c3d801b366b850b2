/**
 * Which game session an HTTP request or a WebSocket handshake names: one small
 * {@link dev.gamesessions.autoconfigure.identity.SessionIdentityResolver} per source (resume
 * token, signed cookie, servlet HTTP session), composed in order, shared by Spring MVC's
 * {@code @CurrentSession} and the WebSocket handshake.
 */
@NullMarked
package dev.gamesessions.autoconfigure.identity;

import org.jspecify.annotations.NullMarked;
