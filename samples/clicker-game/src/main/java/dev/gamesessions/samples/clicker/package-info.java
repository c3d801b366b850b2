/**
 * A clicker game on the game sessions starter: anonymous play, login, coins, a shop, online
 * players and a live log of the session events.
 */
@NullMarked
package dev.gamesessions.samples.clicker;

import org.jspecify.annotations.NullMarked;
