/**
 * Params and results of the auth.* and account.* methods, mirroring protocol/account/AuthMethods.java.
 * Ids are JSON integers within ±2^53, so `number` holds them exactly.
 */
export const PROTOCOL_VERSION = 1;

export const AuthMethod = {
  HELLO: 'auth.hello',
  REGISTER: 'auth.register',
  LOGIN: 'auth.login',
  LOGOUT: 'auth.logout',
  GET_ME: 'account.getMe',
  GET_SESSIONS: 'account.getSessions',
  REVOKE_SESSION: 'account.revokeSession',
  CHANGE_PASSWORD: 'account.changePassword',
  DELETE: 'account.delete',
} as const;

export const USERNAME_PATTERN = /^[a-z0-9_]{5,32}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export interface Hello {
  token: string;
  protocolVersion: number;
}
export interface HelloResult {
  userId: number;
  sessionId: number;
  protocolVersion: number;
}
export interface Register {
  username: string;
  password: string;
  displayName?: string;
  deviceName?: string;
}
export interface Login {
  username: string;
  password: string;
  deviceName?: string;
}
/** Result of register and login; the token is shown once (the server keeps only its hash). */
export interface AuthResult {
  userId: number;
  token: string;
  sessionId: number;
}
export interface Me {
  userId: number;
  username: string;
  displayName: string;
  createdAt: number;
}
export interface SessionInfo {
  sessionId: number;
  deviceName: string;
  createdAt: number;
  lastActiveAt: number;
  current: boolean;
}
export interface Sessions {
  sessions: SessionInfo[];
}
export interface Ok {
  ok: boolean;
}
export type Empty = Record<string, never>;

/** Maps each method name to its params and result, so `call` is typed end to end. */
export interface AccountMethods {
  'auth.hello': [Hello, HelloResult];
  'auth.register': [Register, AuthResult];
  'auth.login': [Login, AuthResult];
  'auth.logout': [Empty, Ok];
  'account.getMe': [Empty, Me];
  'account.getSessions': [Empty, Sessions];
  'account.revokeSession': [{ sessionId: number }, Ok];
  'account.changePassword': [{ oldPassword: string; newPassword: string }, Ok];
  'account.delete': [{ password: string }, Ok];
}
