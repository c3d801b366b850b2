/**
 * Micrometer metrics of game sessions.
 */
@NullMarked
package dev.gamesessions.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
