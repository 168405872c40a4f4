package dev.chartbox.sandbox;

import java.time.Duration;

/**
 * Where one run's time went.
 *
 * @param instantiate from the request to a fresh instance ready to run user code
 * @param execute     the program itself (and rendering figures it left open)
 * @param collect     reading artifacts out of the sandbox's file system
 * @param total       from the request to the result
 */
public record Timings(Duration instantiate, Duration execute, Duration collect, Duration total) {}
