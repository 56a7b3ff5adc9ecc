/**
 * The storage writer benchmark: durable single-row transactions through {@code SqliteDatabase.write} from many
 * concurrent virtual-thread writers, with and without group commit, at SQLite synchronous FULL and NORMAL. It drives
 * the real database class on a real file, so it measures exactly what a request's commit costs in the server.
 */
package dev.parley.bench.writer;
