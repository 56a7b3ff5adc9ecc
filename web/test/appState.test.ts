import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../src/protocol/account';
import { deviceName } from '../src/state/device';
import { parseRoute, routeHash } from '../src/state/routes';
import { orderSessions, withoutSession } from '../src/state/sessions';
import { parseStoredSession } from '../src/state/storedSession';
import { checkDisplayName, checkNewPassword, checkUsername } from '../src/state/validation';

const session = (sessionId: number, lastActiveAt: number, current = false): SessionInfo => ({
  sessionId,
  deviceName: `d${sessionId}`,
  createdAt: 1,
  lastActiveAt,
  current,
});

describe('session list', () => {
  it('puts this device first, then the most recently active', () => {
    const ordered = orderSessions([session(1, 10), session(2, 30), session(3, 5, true)]);
    expect(ordered.map((s) => s.sessionId)).toEqual([3, 2, 1]);
  });

  it('removes a revoked session', () => {
    expect(withoutSession([session(1, 10), session(2, 30)], 1).map((s) => s.sessionId)).toEqual([2]);
  });
});

describe('stored session', () => {
  it('accepts only a complete session', () => {
    expect(parseStoredSession('{"token":"t","userId":1,"sessionId":2}')).toEqual({ token: 't', userId: 1, sessionId: 2 });
    expect(parseStoredSession(null)).toBeNull();
    expect(parseStoredSession('{"token":"","userId":1,"sessionId":2}')).toBeNull();
    expect(parseStoredSession('{"token":"t","userId":"1","sessionId":2}')).toBeNull();
    expect(parseStoredSession('garbage')).toBeNull();
  });
});

describe('routes', () => {
  it('round-trips every route through the hash', () => {
    for (const route of [{ name: 'login' }, { name: 'register' }, { name: 'chats' }, { name: 'settings' }, { name: 'chat', chatId: 42 }, { name: 'join', token: 'AbC-d_0123456789xyzQWE' }] as const) {
      expect(parseRoute(routeHash(route))).toEqual(route);
    }
  });

  it('falls back to the chat list for unknown or malformed hashes', () => {
    expect(parseRoute('')).toEqual({ name: 'chats' });
    expect(parseRoute('#/chat/abc')).toEqual({ name: 'chats' });
    expect(parseRoute('#/chat/-1')).toEqual({ name: 'chats' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'chats' });
    expect(parseRoute('#/join/')).toEqual({ name: 'chats' });
    expect(parseRoute('#/join/not%20a%20token')).toEqual({ name: 'chats' });
  });
});

describe('form checks mirror the server', () => {
  it('accepts 5–32 characters of a–z, 0–9 and _ in any case', () => {
    expect(checkUsername('alice_1')).toBeNull();
    expect(checkUsername('Alice_1')).toBeNull();
    expect(checkUsername('abc')).toBe('USERNAME_INVALID');
    expect(checkUsername('has space')).toBe('USERNAME_INVALID');
  });

  it('counts password length in characters, not UTF-16 units', () => {
    expect(checkNewPassword('1234567')).toBe('PASSWORD_INVALID');
    expect(checkNewPassword('12345678')).toBeNull();
    expect(checkNewPassword('😀😀😀😀😀😀😀')).toBe('PASSWORD_INVALID');
    expect(checkDisplayName('x'.repeat(65))).toBe('DISPLAY_NAME_INVALID');
  });
});

describe('device names', () => {
  it('names the browser and system from the user agent', () => {
    expect(deviceName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36')).toBe('Chrome on Linux');
    expect(deviceName('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
    expect(deviceName('curl/8')).toBe('Browser');
  });
});
