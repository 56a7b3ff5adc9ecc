import type { ParleyClient } from './client';
import type { ChannelSource } from './channelSync';
import type { DifferencePage, SyncSource } from './sync';

/** Page size asked of updates.getDifference; the server may cap it lower. */
export const DIFFERENCE_PAGE = 500;

/** updates.getDifference's result (SyncMethods.Difference): a page, or `tooLong` with the pts to resume from. */
interface RawDifference {
  updates?: unknown[];
  state?: { pts?: number };
  final?: boolean;
  tooLong?: boolean;
}

/** The updates.* methods as a SyncSource, so UpdateSync stays independent of the transport. */
export function updatesSource(client: ParleyClient): SyncSource<unknown> {
  return {
    async getState() {
      const state = (await client.call('updates.getState', {})) as { pts?: number };
      if (typeof state.pts !== 'number') throw new Error('updates.getState returned no pts');
      return { pts: state.pts };
    },
    async getDifference(fromPts: number): Promise<DifferencePage<unknown>> {
      const raw = (await client.call('updates.getDifference', { pts: fromPts, limit: DIFFERENCE_PAGE })) as RawDifference;
      const pts = raw.state?.pts;
      if (typeof pts !== 'number') throw new Error('updates.getDifference returned no state.pts');
      return {
        updates: Array.isArray(raw.updates) ? raw.updates : [],
        pts,
        final: raw.final !== false,
        tooLong: raw.tooLong === true,
      };
    },
  };
}

/** Page size asked of channels.getDifference. */
export const CHANNEL_DIFFERENCE_PAGE = 500;

/** updates.getChannelStates and channels.getDifference as a ChannelSource. */
export function channelsSource(client: ParleyClient): ChannelSource<unknown> {
  return {
    async getStates() {
      return (await client.invoke('updates.getChannelStates', {})).states;
    },
    async getDifference(chatId: number, fromSeq: number) {
      const page = await client.invoke('channels.getDifference', { chatId, fromSeq, limit: CHANNEL_DIFFERENCE_PAGE });
      return { updates: page.updates, seq: page.seq, final: page.final };
    },
  };
}
