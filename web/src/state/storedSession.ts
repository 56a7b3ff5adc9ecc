/** The logged-in session kept across reloads. The token is the bearer secret; it never leaves this origin. */
export interface StoredSession {
  token: string;
  userId: number;
  sessionId: number;
}

const KEY = 'parley.session';

export function parseStoredSession(raw: string | null): StoredSession | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { token, userId, sessionId } = value as Record<string, unknown>;
    if (typeof token !== 'string' || token.length === 0) return null;
    if (typeof userId !== 'number' || typeof sessionId !== 'number') return null;
    return { token, userId, sessionId };
  } catch {
    return null;
  }
}

export function loadSession(storage: Storage): StoredSession | null {
  return parseStoredSession(storage.getItem(KEY));
}

export function saveSession(storage: Storage, session: StoredSession): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function forgetSession(storage: Storage): void {
  storage.removeItem(KEY);
}
