/**
 * Game sessions for STOMP over WebSocket ({@code @EnableWebSocketMessageBroker}): each
 * STOMP connection gets a session at {@code CONNECT}, {@code @MessageMapping} methods take
 * it as an argument, and {@code session.client()} sends STOMP messages to the player.
 */
@NullMarked
package dev.gamesessions.autoconfigure.stomp;

import org.jspecify.annotations.NullMarked;
