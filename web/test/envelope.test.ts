import { describe, expect, it } from 'vitest';
import { parseServerFrame } from '../src/protocol/envelope';
import { ParleyError, errorFromBody } from '../src/protocol/errors';

describe('server frames', () => {
  it('recognises a result by its id', () => {
    expect(parseServerFrame('{"id":17,"result":{"ok":true}}')).toEqual({ kind: 'result', id: 17, result: { ok: true } });
  });

  it('recognises an error with its code and retryAfter', () => {
    const frame = parseServerFrame('{"id":3,"error":{"code":"FLOOD_WAIT","message":"slow down","retryAfter":3}}');
    expect(frame).toEqual({ kind: 'error', id: 3, error: { code: 'FLOOD_WAIT', message: 'slow down', retryAfter: 3 } });
    if (frame.kind !== 'error') throw new Error('unreachable');
    const error = errorFromBody(frame.error);
    expect(error).toBeInstanceOf(ParleyError);
    expect(error.code).toBe('FLOOD_WAIT');
    expect(error.retryAfter).toBe(3);
  });

  it('recognises a pushed update batch', () => {
    expect(parseServerFrame('{"updates":[{"type":"x"}],"pts":12,"ptsCount":1}')).toEqual({
      kind: 'updates',
      batch: { updates: [{ type: 'x' }], pts: 12, ptsCount: 1 },
    });
  });

  it('reports garbage as malformed instead of throwing', () => {
    expect(parseServerFrame('not json').kind).toBe('malformed');
    expect(parseServerFrame('[1,2]').kind).toBe('malformed');
    expect(parseServerFrame('{"updates":[],"pts":"x"}').kind).toBe('malformed');
    expect(parseServerFrame('{"chatId":5,"updates":[],"seq":"x"}').kind).toBe('malformed');
    expect(parseServerFrame('{"chatId":5,"updates":[{"type":"x"}],"seq":27,"seqCount":1}')).toEqual({
      kind: 'chatUpdates',
      batch: { chatId: 5, updates: [{ type: 'x' }], seq: 27, seqCount: 1 },
    });
    expect(parseServerFrame('{"hello":1}').kind).toBe('malformed');
  });

  it('marks session-ending errors so the app logs out', () => {
    expect(new ParleyError('SESSION_REVOKED', 'x').endsSession).toBe(true);
    expect(new ParleyError('UNAUTHORIZED', 'x').endsSession).toBe(true);
    expect(new ParleyError('FLOOD_WAIT', 'x').endsSession).toBe(false);
  });
});
