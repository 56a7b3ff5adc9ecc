/**
 * {@code parley bench compare}: runs the messaging, idle and startup scenarios against Parley, ejabberd and Prosody
 * one after another (the same commands a user can run one by one), and folds their results into one table with
 * each figure's ratio to Parley's, printed and written as JSON under bench/results/.
 */
package dev.parley.bench.compare;
