import type { SessionInfo } from '../protocol/account';

/** The current device first, then the most recently active. */
export function orderSessions(sessions: readonly SessionInfo[]): SessionInfo[] {
  return [...sessions].sort((a, b) => {
    if (a.current !== b.current) return a.current ? -1 : 1;
    return b.lastActiveAt - a.lastActiveAt || b.sessionId - a.sessionId;
  });
}

export function withoutSession(sessions: readonly SessionInfo[], sessionId: number): SessionInfo[] {
  return sessions.filter((s) => s.sessionId !== sessionId);
}
