import { ErrorCodes, ParleyError, errorFromBody, type ErrorBody } from './errors';

/**
 * `POST /api/<method>` (DESIGN §4): used for the calls made before a socket can exist (register, login), with the
 * same params and results as over the WebSocket.
 */
export async function httpCall(method: string, params: unknown, token?: string, base = ''): Promise<unknown> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`${base}/api/${method}`, { method: 'POST', headers, body: JSON.stringify(params ?? {}) });
  } catch (cause) {
    throw new ParleyError(ErrorCodes.NETWORK, cause instanceof Error ? cause.message : 'network error');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ParleyError(response.ok ? ErrorCodes.INTERNAL : ErrorCodes.UNAVAILABLE, `HTTP ${response.status}`);
  }
  if (typeof body === 'object' && body !== null) {
    const record = body as { result?: unknown; error?: ErrorBody };
    if (record.error && typeof record.error.code === 'string') throw errorFromBody(record.error);
    if (response.ok && 'result' in record) return record.result;
  }
  throw new ParleyError(ErrorCodes.INTERNAL, `unexpected reply to ${method} (HTTP ${response.status})`);
}

/** The WebSocket endpoint on the page's own origin (the CSP allows only 'self'). */
export function webSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/ws`;
}
