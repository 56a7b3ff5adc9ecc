package dev.parley.client;

/**
 * What the client does with a call whose request was sent but whose reply was lost because the connection dropped.
 */
public enum Delivery {
    /**
     * Send it again after reconnecting (and re-authenticating). Right for reads and for writes the server makes
     * idempotent, such as a message send carrying its {@code randomId}.
     */
    AT_LEAST_ONCE,
    /**
     * Fail it with {@code UNAVAILABLE}: the server may or may not have executed it, and doing it twice would not
     * be harmless (registering, changing the password, deleting the account).
     */
    AT_MOST_ONCE
}
