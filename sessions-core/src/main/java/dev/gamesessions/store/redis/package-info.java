/**
 * Redis stores of session data and user data, on a Spring Data Redis
 * {@link org.springframework.data.redis.connection.RedisConnectionFactory}. One key per
 * user and per session, so every command touches one key and the layout works on Redis
 * Cluster.
 */
@NullMarked
package dev.gamesessions.store.redis;

import org.jspecify.annotations.NullMarked;
