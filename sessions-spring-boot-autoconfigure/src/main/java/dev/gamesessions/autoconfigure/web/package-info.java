/**
 * Game sessions for Spring MVC requests: the signed session cookie and the
 * {@code @CurrentSession} controller argument.
 */
@NullMarked
package dev.gamesessions.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
