/**
 * Parley's benchmarks, run as {@code ./parley bench <scenario>}: {@link dev.parley.bench.BenchMain} names the
 * scenarios; each lives in its own sub-package, prints a human table and writes machine-readable JSON under
 * {@code bench/results/} (git-ignored; the figures worth keeping go to docs/PERFORMANCE.md with their command).
 */
package dev.parley.bench;
