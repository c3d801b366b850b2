/**
 * Store SPI: where session data and user data are kept, with the in-memory reference
 * implementations every other store must match.
 */
@NullMarked
package dev.gamesessions.store;

import org.jspecify.annotations.NullMarked;
