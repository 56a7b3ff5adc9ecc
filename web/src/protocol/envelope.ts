import type { ErrorBody } from './errors';

/** Client → server: `{id, method, params}`. */
export interface RequestFrame {
  id: number;
  method: string;
  params: unknown;
}

/** Server → client push: `{updates, pts, ptsCount}` (protocol/UpdateBatch.java). */
export interface UpdateBatch<U = unknown> {
  updates: U[];
  pts: number;
  ptsCount: number;
}

/** Server → client push of a supergroup or channel: `{chatId, updates, seq, seqCount}` (docs/protocol/channels.md). */
export interface ChatUpdateFrame<U = unknown> {
  chatId: number;
  updates: U[];
  seq: number;
  seqCount: number;
}

export type ServerFrame =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'chatUpdates'; batch: ChatUpdateFrame }
  | { kind: 'error'; id: number | null; error: ErrorBody }
  | { kind: 'updates'; batch: UpdateBatch }
  | { kind: 'malformed'; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Classifies one text frame from the server. Never throws: a malformed frame is reported, not fatal. */
export function parseServerFrame(text: string): ServerFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  if (!isRecord(value)) {
    return { kind: 'malformed', reason: 'not an object' };
  }
  if (Array.isArray(value.updates) && typeof value.chatId === 'number') {
    if (typeof value.seq !== 'number' || typeof value.seqCount !== 'number') {
      return { kind: 'malformed', reason: 'chat updates without seq/seqCount' };
    }
    return { kind: 'chatUpdates', batch: { chatId: value.chatId, updates: value.updates, seq: value.seq, seqCount: value.seqCount } };
  }
  if (Array.isArray(value.updates)) {
    if (typeof value.pts !== 'number' || typeof value.ptsCount !== 'number') {
      return { kind: 'malformed', reason: 'updates without pts/ptsCount' };
    }
    return { kind: 'updates', batch: { updates: value.updates, pts: value.pts, ptsCount: value.ptsCount } };
  }
  const id = typeof value.id === 'number' ? value.id : null;
  if (isRecord(value.error) && typeof value.error.code === 'string') {
    return { kind: 'error', id, error: value.error as unknown as ErrorBody };
  }
  if (id !== null && 'result' in value) {
    return { kind: 'result', id, result: value.result };
  }
  return { kind: 'malformed', reason: 'neither result, error nor updates' };
}
