/**
 * Actuator endpoint and health indicator of game sessions.
 */
@NullMarked
package dev.gamesessions.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
