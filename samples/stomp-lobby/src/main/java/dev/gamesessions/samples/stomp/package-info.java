/**
 * A chat lobby with coins over STOMP on the game sessions starter: the application is
 * plain Spring STOMP ({@code @EnableWebSocketMessageBroker}, {@code @MessageMapping}), and
 * every STOMP connection gets a game session with no glue.
 */
@NullMarked
package dev.gamesessions.samples.stomp;

import org.jspecify.annotations.NullMarked;
