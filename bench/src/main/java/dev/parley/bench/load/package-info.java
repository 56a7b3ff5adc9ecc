/**
 * Parley's own load generator and its scenarios ({@code startup}, {@code idle}, {@code messaging},
 * {@code catchup}): a few Netty event-loop threads holding many WebSockets to a Parley server started for the run,
 * HdrHistogram for latencies, results as JSON in bench/results/ and figures in docs/PERFORMANCE.md. Every loop is
 * bounded in count and time, and only loopback addresses are accepted.
 */
package dev.parley.bench.load;
