/** Reconnect delays: exponential with full jitter, capped, so a server restart is not met by a synchronized herd. */
export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in ms. */
  baseMs: number;
  /** Largest delay ceiling, in ms. */
  maxMs: number;
  /** Smallest delay ever returned, in ms (avoids hot loops when random() is near 0). */
  minMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 30_000, minMs: 100 };

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry after a drop): a uniform value in
 * [minMs, min(maxMs, baseMs·2^attempt)]. `random` is injectable so the policy is testable.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const safeAttempt = Math.max(0, Math.min(30, Math.floor(attempt)));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** safeAttempt);
  const delay = policy.minMs + random() * Math.max(0, ceiling - policy.minMs);
  return Math.round(Math.min(ceiling, Math.max(policy.minMs, delay)));
}

/** Flood control tells us exactly how long to wait; honour it instead of guessing. */
export function retryDelayMs(retryAfterSeconds: number | undefined, fallbackMs: number): number {
  return retryAfterSeconds !== undefined && retryAfterSeconds >= 0 ? retryAfterSeconds * 1000 : fallbackMs;
}
