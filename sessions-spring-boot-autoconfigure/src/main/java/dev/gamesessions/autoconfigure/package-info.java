/**
 * Spring Boot auto-configuration of game sessions: the session manager bean, its stores,
 * the bridge to application events, and its lifecycle.
 */
@NullMarked
package dev.gamesessions.autoconfigure;

import org.jspecify.annotations.NullMarked;
