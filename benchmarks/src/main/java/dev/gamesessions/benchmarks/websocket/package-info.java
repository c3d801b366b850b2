/**
 * The WebSocket scale benchmark: an echo app with and without game sessions, and its
 * load driver.
 */
@NullMarked
package dev.gamesessions.benchmarks.websocket;

import org.jspecify.annotations.NullMarked;
