/**
 * Application events published for the lifecycle of game sessions; handle them with
 * {@code @EventListener}.
 */
@NullMarked
package dev.gamesessions.autoconfigure.event;

import org.jspecify.annotations.NullMarked;
