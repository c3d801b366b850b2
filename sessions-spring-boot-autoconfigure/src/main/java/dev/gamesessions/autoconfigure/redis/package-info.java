/**
 * Auto-configuration of the Redis stores of game sessions, on the application's Redis
 * connection or on an embedded Redis server for development.
 */
@NullMarked
package dev.gamesessions.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
