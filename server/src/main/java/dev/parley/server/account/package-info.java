/**
 * Accounts and device sessions: registration, login (Argon2id passwords, throttled), bearer tokens stored only as
 * SHA-256, session listing and revocation, password change and account deletion. Owns the {@code users} and
 * {@code sessions} tables ({@link dev.parley.server.account.AccountStore} documents them). Other features read
 * profiles through {@link dev.parley.server.account.AccountService} and take part in deletion by implementing
 * {@link dev.parley.server.account.AccountErasure}.
 */
package dev.parley.server.account;
