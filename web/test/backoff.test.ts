import { describe, expect, it } from 'vitest';
import { backoffDelay, retryDelayMs, type BackoffPolicy } from '../src/protocol/backoff';

const policy: BackoffPolicy = { baseMs: 500, maxMs: 30_000, minMs: 100 };

describe('reconnect backoff', () => {
  it('doubles the ceiling with every attempt until the cap', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, policy, () => 1));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('never waits less than the minimum, even when the jitter draws zero', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(100);
    expect(backoffDelay(12, policy, () => 0)).toBe(100);
  });

  it('spreads clients uniformly below the ceiling so a restart is not met by a herd', () => {
    const delays = [0.1, 0.5, 0.9].map((r) => backoffDelay(3, policy, () => r));
    expect(delays).toEqual([490, 2050, 3610]);
  });

  it('treats absurd attempt numbers as the cap instead of overflowing', () => {
    expect(backoffDelay(10_000, policy, () => 1)).toBe(30_000);
    expect(backoffDelay(-3, policy, () => 1)).toBe(500);
  });

  it('honours the server-given retryAfter for flood waits', () => {
    expect(retryDelayMs(3, 500)).toBe(3000);
    expect(retryDelayMs(undefined, 500)).toBe(500);
  });
});
