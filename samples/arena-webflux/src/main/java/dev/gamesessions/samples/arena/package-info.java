/**
 * An arena game on the WebFlux starter: join with a name, score hits, come back after a
 * dropped connection; the same {@code game.sessions.*} configuration as a servlet game.
 */
@NullMarked
package dev.gamesessions.samples.arena;

import org.jspecify.annotations.NullMarked;
