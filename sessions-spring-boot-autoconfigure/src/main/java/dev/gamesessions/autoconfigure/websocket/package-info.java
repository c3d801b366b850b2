/**
 * Game sessions for WebSocket connections: the handshake interceptor, the handler
 * decorator, the client messenger and the auto-registered endpoint.
 */
@NullMarked
package dev.gamesessions.autoconfigure.websocket;

import org.jspecify.annotations.NullMarked;
