import { describe, expect, it } from 'vitest';
import type { Chat, Dialog, Message, Update } from '../src/protocol/messaging';
import { newRandomId } from '../src/protocol/messaging';
import {
  addPending,
  applyUpdate,
  confirmSend,
  emptyChatState,
  fromDialogs,
  markSend,
  orderedChats,
  prependHistory,
  setHistory,
  typingIn,
  type ChatState,
} from '../src/state/chatModel';

const ME = 1;
const PEER = 2;

function chat(chatId: number, createdAt = 100): Chat {
  return { chatId, kind: 'private', peerId: PEER, memberCount: 2, myRole: 'member', seq: 0, createdAt };
}

function msg(chatId: number, id: number, out = false, text = `m${id}`): Message {
  return { chatId, id, senderId: out ? ME : PEER, out, date: 1000 + id, text };
}

function dialog(chatId: number, top?: Message, unreadCount = 0, readInboxMaxId = 0): Dialog {
  return { chat: chat(chatId), ...(top ? { topMessage: top } : {}), unreadCount, readInboxMaxId, readOutboxMaxId: 0 };
}

function apply(state: ChatState, ...updates: Update[]): ChatState {
  return updates.reduce((s, u) => applyUpdate(s, u, ME, 0).state, state);
}

describe('chat list', () => {
  it('counts an incoming message as unread and shows it as the preview', () => {
    const state = apply(fromDialogs([dialog(10, msg(10, 1), 0, 1)]), { type: 'newMessage', message: msg(10, 2), pts: 5 });
    const entry = state.chats.get(10);
    expect(entry?.unread).toBe(1);
    expect(entry?.top?.text).toBe('m2');
  });

  it('counts the same message once when it arrives by push and again in a difference', () => {
    const update: Update = { type: 'newMessage', message: msg(10, 2), pts: 5 };
    const state = apply(fromDialogs([dialog(10, msg(10, 1), 0, 1)]), update, update);
    expect(state.chats.get(10)?.unread).toBe(1);
  });

  it('does not count the user’s own messages or ones already covered by the loaded dialog', () => {
    const base = fromDialogs([dialog(10, msg(10, 5), 2, 3)]);
    const state = apply(base, { type: 'newMessage', message: msg(10, 6, true), pts: 1 }, { type: 'newMessage', message: msg(10, 4), pts: 2 });
    expect(state.chats.get(10)?.unread).toBe(2);
    expect(state.chats.get(10)?.top?.id).toBe(6);
  });

  it('takes the unread count from a read receipt of another device', () => {
    const state = apply(fromDialogs([dialog(10, msg(10, 5), 3, 2)]), { type: 'readHistoryInbox', chatId: 10, maxId: 5, unreadCount: 0, pts: 9 });
    expect(state.chats.get(10)?.unread).toBe(0);
  });

  it('orders chats by their newest message, empty chats by creation', () => {
    const state = fromDialogs([dialog(10, msg(10, 1)), dialog(11, msg(11, 50)), { ...dialog(12), chat: chat(12, 5000) }]);
    expect(orderedChats(state).map((e) => e.chat.chatId)).toEqual([12, 11, 10]);
  });

  it('reports a chat it has never seen so the store can fetch it', () => {
    const result = applyUpdate(emptyChatState, { type: 'newMessage', message: msg(77, 1), pts: 1 }, ME, 0);
    expect(result.unknownChats).toEqual([77]);
  });

  it('drops a chat the user left or that was deleted', () => {
    const base = fromDialogs([dialog(10), dialog(11)]);
    const state = apply(
      base,
      { type: 'chatMembership', chatId: 10, action: 'left', userIds: [ME], actorId: ME, pts: 3 },
      { type: 'chatDeleted', chatId: 11, pts: 4 },
    );
    expect([...state.chats.keys()]).toEqual([]);
  });
});

describe('history', () => {
  it('keeps messages in id order without duplicates when pages overlap', () => {
    let state = setHistory(fromDialogs([dialog(10)]), 10, [msg(10, 5), msg(10, 6)], true);
    state = prependHistory(state, 10, [msg(10, 3), msg(10, 4), msg(10, 5)], false);
    state = apply(state, { type: 'newMessage', message: msg(10, 7), pts: 1 }, { type: 'newMessage', message: msg(10, 6), pts: 1 });
    expect(state.histories.get(10)?.messages.map((m) => m.id)).toEqual([3, 4, 5, 6, 7]);
    expect(state.histories.get(10)?.hasOlder).toBe(false);
  });

  it('replaces an edited message in place', () => {
    let state = setHistory(fromDialogs([dialog(10, msg(10, 2))]), 10, [msg(10, 1), msg(10, 2)], false);
    state = apply(state, { type: 'editMessage', message: { ...msg(10, 1), text: 'fixed', editDate: 2000 }, pts: 3 });
    expect(state.histories.get(10)?.messages[0]?.text).toBe('fixed');
  });

  it('removes deleted messages and falls back to the previous preview', () => {
    let state = setHistory(fromDialogs([dialog(10, msg(10, 2))]), 10, [msg(10, 1), msg(10, 2)], false);
    state = apply(state, { type: 'deleteMessages', chatId: 10, ids: [2], forEveryone: true, pts: 3 });
    expect(state.histories.get(10)?.messages.map((m) => m.id)).toEqual([1]);
    expect(state.chats.get(10)?.top?.id).toBe(1);
  });
});

describe('optimistic sends', () => {
  const pending = { randomId: 42, chatId: 10, text: 'hello', date: 1, replyToId: undefined, state: 'pending' as const, error: undefined };

  it('shows a pending message until the send is confirmed, then the confirmed one only', () => {
    let state = setHistory(fromDialogs([dialog(10)]), 10, [], false);
    state = addPending(state, pending);
    expect(state.pending).toHaveLength(1);
    state = confirmSend(state, 42, msg(10, 1, true, 'hello'));
    expect(state.pending).toHaveLength(0);
    expect(state.histories.get(10)?.messages.map((m) => m.text)).toEqual(['hello']);
  });

  it('does not show the message twice when our own push beats the send reply', () => {
    let state = setHistory(fromDialogs([dialog(10)]), 10, [], false);
    state = addPending(state, pending);
    state = apply(state, { type: 'newMessage', message: msg(10, 1, true, 'hello'), pts: 1 });
    expect(state.pending).toHaveLength(0);
    state = confirmSend(state, 42, msg(10, 1, true, 'hello'));
    expect(state.histories.get(10)?.messages).toHaveLength(1);
  });

  it('marks a failed send with its error code and keeps it for a retry', () => {
    let state = addPending(fromDialogs([dialog(10)]), pending);
    state = markSend(state, 42, 'failed', 'DISCONNECTED');
    expect(state.pending[0]).toMatchObject({ state: 'failed', error: 'DISCONNECTED', randomId: 42 });
  });

  it('draws random ids that are non-zero safe integers', () => {
    let calls = 0;
    expect(newRandomId((b) => (calls++ === 0 ? b.fill(0) : b.fill(1)))).toBe(2 ** 32 + 1);
    const ids = Array.from({ length: 1000 }, () => newRandomId((b) => b.map(() => Math.floor(Math.random() * 2 ** 32)) as typeof b));
    for (const id of ids) {
      expect(Number.isSafeInteger(id)).toBe(true);
      expect(id).not.toBe(0);
    }
    expect(newRandomId((b) => b.fill(0xffffffff))).toBe(2 ** 53 - 1);
  });
});

describe('typing', () => {
  it('shows others typing for a few seconds, never ourselves', () => {
    let state = fromDialogs([dialog(10)]);
    state = applyUpdate(state, { type: 'typing', chatId: 10, userId: PEER }, ME, 1000).state;
    state = applyUpdate(state, { type: 'typing', chatId: 10, userId: ME }, ME, 1000).state;
    expect(typingIn(state, 10, 2000)).toEqual([PEER]);
    expect(typingIn(state, 10, 60_000)).toEqual([]);
  });
});
