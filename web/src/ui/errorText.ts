import type { Strings } from '../i18n/en';
import { ErrorCodes, ParleyError } from '../protocol/errors';

/** The sentence to show a person for a failed call. */
export function errorText(t: Strings, error: unknown): string {
  if (error instanceof ParleyError) {
    if (error.code === ErrorCodes.FLOOD_WAIT && error.retryAfter !== undefined) return t.errors.floodWait(error.retryAfter);
    if (error.code === ErrorCodes.NETWORK || error.code === ErrorCodes.DISCONNECTED) return t.errors.network;
    if (error.code === ErrorCodes.TIMEOUT) return t.errors.timeout;
    return t.errors.codes[error.code] ?? t.errors.generic;
  }
  return t.errors.generic;
}
