/**
 * Player sessions for game backends: the {@link dev.gamesessions.SessionManager}, the
 * {@link dev.gamesessions.Session} and their events. This package has no Spring dependency.
 */
@NullMarked
package dev.gamesessions;

import org.jspecify.annotations.NullMarked;
