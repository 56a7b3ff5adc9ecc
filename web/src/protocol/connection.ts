import { AuthMethod, PROTOCOL_VERSION, type HelloResult } from './account';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { parseServerFrame, type RequestFrame, type ChatUpdateFrame, type UpdateBatch } from './envelope';
import { ErrorCodes, ParleyError, errorFromBody } from './errors';

/** WebSocket close code the server uses for a revoked session or deleted account (ConnectionRegistry.java). */
export const CLOSE_SESSION_REVOKED = 4001;

export type ConnectionStatus = 'connecting' | 'ready' | 'reconnecting' | 'stopped';

export interface ConnectionOptions {
  url: string;
  token: string;
  requestTimeoutMs?: number;
  backoff?: BackoffPolicy;
  onStatus?: (status: ConnectionStatus) => void;
  /** Called after every successful auth.hello, i.e. on the first connect and on each reconnect. */
  onReady?: (hello: HelloResult) => void;
  onUpdates?: (batch: UpdateBatch) => void;
  /** A supergroup's or channel's own push (per-chat seq, not the user's pts). */
  onChatUpdates?: (batch: ChatUpdateFrame) => void;
  /** The server ended this session (revoked, password changed, account deleted): the connection has stopped. */
  onSessionEnded?: (reason: ParleyError) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: ParleyError) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface Queued {
  frame: RequestFrame;
}

/**
 * One authenticated WebSocket to the server: sends `auth.hello` as the first frame, correlates replies by id,
 * times requests out, and reconnects with jittered backoff (re-sending hello) until stopped. Calls made while not
 * ready wait in a queue (their timeout already running). Calls in flight when the socket drops fail with
 * DISCONNECTED: only the caller knows whether a retry is safe (messages.send is, thanks to randomId).
 */
export class Connection {
  private readonly options: ConnectionOptions;
  private readonly timeoutMs: number;
  private socket: WebSocket | null = null;
  private status: ConnectionStatus = 'stopped';
  private ready = false;
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pending = new Map<number, Pending>();
  private queue: Queued[] = [];
  private readonly onOnline = () => this.reconnectNow();

  constructor(options: ConnectionOptions) {
    this.options = options;
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  get currentStatus(): ConnectionStatus {
    return this.status;
  }

  start(): void {
    if (this.status !== 'stopped') return;
    globalThis.addEventListener?.('online', this.onOnline);
    this.open('connecting');
  }

  stop(): void {
    this.shutdown(new ParleyError(ErrorCodes.DISCONNECTED, 'connection stopped'));
  }

  /** Sends one request and resolves with its result, or rejects with a ParleyError. */
  call(method: string, params: unknown = {}, timeoutMs = this.timeoutMs): Promise<unknown> {
    if (this.status === 'stopped') {
      return Promise.reject(new ParleyError(ErrorCodes.DISCONNECTED, 'not connected'));
    }
    const id = this.nextId++;
    const frame: RequestFrame = { id, method, params };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.queue = this.queue.filter((q) => q.frame.id !== id);
        reject(new ParleyError(ErrorCodes.TIMEOUT, `${method} timed out`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      if (this.ready && this.socket) {
        this.socket.send(JSON.stringify(frame));
      } else {
        this.queue.push({ frame });
      }
    });
  }

  /** Skips the remaining backoff (e.g. the browser reports it is online again). */
  reconnectNow(): void {
    if (this.status === 'reconnecting' && this.reconnectTimer !== null) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.open('reconnecting');
    }
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status !== status) {
      this.status = status;
      this.options.onStatus?.(status);
    }
  }

  private open(status: 'connecting' | 'reconnecting'): void {
    this.setStatus(status);
    this.ready = false;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.sendHello(socket);
    socket.onmessage = (event) => this.onFrame(socket, event.data);
    socket.onclose = (event) => this.onClose(socket, event.code, event.reason);
    // An error is always followed by close; reconnecting happens there.
    socket.onerror = () => undefined;
  }

  private sendHello(socket: WebSocket): void {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.pending.delete(id);
      socket.close(4000, 'hello timed out');
    }, this.timeoutMs);
    this.pending.set(id, {
      timer,
      resolve: (result) => {
        if (socket !== this.socket) return;
        this.ready = true;
        this.attempt = 0;
        this.setStatus('ready');
        const queued = this.queue;
        this.queue = [];
        for (const q of queued) socket.send(JSON.stringify(q.frame));
        this.options.onReady?.(result as HelloResult);
      },
      reject: (error) => {
        if (error.endsSession || error.code === ErrorCodes.AUTH_FAILED) {
          this.endSession(error);
        } else if (socket === this.socket) {
          socket.close(4000, 'hello failed');
        }
      },
    });
    const frame: RequestFrame = {
      id,
      method: AuthMethod.HELLO,
      params: { token: this.options.token, protocolVersion: PROTOCOL_VERSION },
    };
    socket.send(JSON.stringify(frame));
  }

  private onFrame(socket: WebSocket, data: unknown): void {
    if (socket !== this.socket || typeof data !== 'string') return;
    const frame = parseServerFrame(data);
    switch (frame.kind) {
      case 'updates':
        this.options.onUpdates?.(frame.batch);
        return;
      case 'chatUpdates':
        this.options.onChatUpdates?.(frame.batch);
        return;
      case 'result':
        this.settle(frame.id, (p) => p.resolve(frame.result));
        return;
      case 'error': {
        const error = errorFromBody(frame.error);
        if (frame.id === null) {
          // An error with no id concerns the connection itself (e.g. the session ended).
          if (error.endsSession) this.endSession(error);
          return;
        }
        this.settle(frame.id, (p) => p.reject(error));
        return;
      }
      case 'malformed':
        return;
    }
  }

  private settle(id: number, action: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    action(pending);
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.ready = false;
    if (code === CLOSE_SESSION_REVOKED) {
      this.endSession(new ParleyError(ErrorCodes.SESSION_REVOKED, reason || 'session revoked'));
      return;
    }
    if (this.status === 'stopped') return;
    this.failInFlight();
    this.scheduleReconnect();
  }

  /** Requests already written to a dead socket: their outcome is unknown, so they fail and the caller decides. */
  private failInFlight(): void {
    const queuedIds = new Set(this.queue.map((q) => q.frame.id));
    for (const [id, pending] of this.pending) {
      if (queuedIds.has(id)) continue;
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(new ParleyError(ErrorCodes.DISCONNECTED, 'connection lost'));
    }
  }

  private scheduleReconnect(): void {
    this.setStatus('reconnecting');
    const delay = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open('reconnecting');
    }, delay);
  }

  private endSession(error: ParleyError): void {
    this.shutdown(error);
    this.options.onSessionEnded?.(error);
  }

  private shutdown(error: ParleyError): void {
    globalThis.removeEventListener?.('online', this.onOnline);
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.setStatus('stopped');
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    socket?.close(1000, 'bye');
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
    this.queue = [];
  }
}
