/**
 * Typed protocol errors. The server's codes come from protocol/ErrorCode.java; codes this client version does not
 * know still arrive as strings, so `code` stays a string and callers compare against the constants below.
 */
export const ErrorCodes = {
  BAD_REQUEST: 'BAD_REQUEST',
  FLOOD_WAIT: 'FLOOD_WAIT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL: 'INTERNAL',
  UNAVAILABLE: 'UNAVAILABLE',
  UNAUTHORIZED: 'UNAUTHORIZED',
  AUTH_REQUIRED: 'AUTH_REQUIRED',
  SESSION_REVOKED: 'SESSION_REVOKED',
  AUTH_FAILED: 'AUTH_FAILED',
  USERNAME_INVALID: 'USERNAME_INVALID',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  PASSWORD_INVALID: 'PASSWORD_INVALID',
  DISPLAY_NAME_INVALID: 'DISPLAY_NAME_INVALID',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  // Raised by this client, never sent by the server.
  TIMEOUT: 'TIMEOUT',
  DISCONNECTED: 'DISCONNECTED',
  NETWORK: 'NETWORK',
} as const;

export type KnownErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class ParleyError extends Error {
  readonly code: string;
  /** Seconds to wait before retrying (FLOOD_WAIT), when the server said so. */
  readonly retryAfter: number | undefined;

  constructor(code: string, message: string, retryAfter?: number) {
    super(message);
    this.name = 'ParleyError';
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** The session is gone (revoked, password changed, account deleted): the client must log out. */
  get endsSession(): boolean {
    return (
      this.code === ErrorCodes.SESSION_REVOKED ||
      this.code === ErrorCodes.UNAUTHORIZED ||
      this.code === ErrorCodes.AUTH_REQUIRED
    );
  }
}

export interface ErrorBody {
  code: string;
  message?: string;
  retryAfter?: number;
}

export function errorFromBody(body: ErrorBody): ParleyError {
  const retryAfter = typeof body.retryAfter === 'number' ? body.retryAfter : undefined;
  return new ParleyError(String(body.code), body.message ?? String(body.code), retryAfter);
}
