import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Chat, Message } from '../src/protocol/messaging';
import { emptyChatState, setHistory, upsertChat, type ChatState } from '../src/state/chatModel';
import { CACHE_CHATS, CACHE_HISTORIES, CACHE_MESSAGES, MessageCache, restore, snapshot } from '../src/state/messageCache';

const chat = (chatId: number): Chat => ({ chatId, kind: 'group', title: `g${chatId}`, memberCount: 2, myRole: 'member', seq: 0, createdAt: chatId });
const message = (chatId: number, id: number): Message => ({ chatId, id, text: `m${id}`, date: id, senderId: 3 });
const users = new Map([[3, { userId: 3, username: 'carol', displayName: 'Carol' }]]);

function withChats(n: number, messagesEach: number): ChatState {
  let state = emptyChatState;
  for (let c = 1; c <= n; c++) {
    state = upsertChat(state, chat(c));
    state = setHistory(state, c, Array.from({ length: messagesEach }, (_, i) => message(c, i + 1)), false);
  }
  return state;
}

describe('message cache', () => {
  it('keeps the newest messages of each chat, marking that older ones exist', () => {
    const record = snapshot(withChats(1, CACHE_MESSAGES + 20), users, 5);
    expect(record.histories[0]?.messages.map((m) => m.id)).toEqual(Array.from({ length: CACHE_MESSAGES }, (_, i) => i + 21));
    expect(record.histories[0]?.hasOlder).toBe(true);
    expect(record.users).toEqual([...users.values()]);
  });

  it('is bounded in chats and histories', () => {
    const record = snapshot(withChats(CACHE_HISTORIES + 5, 2), users, 5);
    expect(record.histories).toHaveLength(CACHE_HISTORIES);
    let many = emptyChatState;
    for (let c = 1; c <= CACHE_CHATS + 10; c++) many = upsertChat(many, chat(c));
    expect(snapshot(many, users, 5).chats).toHaveLength(CACHE_CHATS);
  });

  it('leaves out a window opened around an older message (it is not the chat’s newest page)', () => {
    const state = setHistory(upsertChat(emptyChatState, chat(1)), 1, [message(1, 5)], true, true);
    expect(snapshot(state, users, 5).histories).toEqual([]);
  });

  it('keeps no text of end-to-end encrypted chats: neither their history nor their preview', () => {
    let state = withChats(2, 3);
    const secret = state.chats.get(2);
    if (!secret) throw new Error('no chat 2');
    state = upsertChat(state, { ...secret.chat, e2e: true });
    state = { ...state, chats: new Map(state.chats).set(2, { ...state.chats.get(2)!, top: message(2, 3) }) };
    const record = snapshot(state, users, 5);
    expect(record.histories.map((h) => h.chatId)).toEqual([1]);
    expect(record.chats.find((e) => e.chat.chatId === 2)?.top).toBeUndefined();
    expect(JSON.stringify(record)).not.toContain('"chatId":2,"id":');
  });

  it('restores what it saved, and ignores records of another shape', () => {
    const state = withChats(2, 3);
    const restored = restore(JSON.parse(JSON.stringify(snapshot(state, users, 5))));
    expect(restored?.state.chats.get(2)?.chat.title).toBe('g2');
    expect(restored?.state.histories.get(1)?.messages.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(restored?.users).toEqual([...users.values()]);
    expect(restore({ version: 0, chats: [], histories: [], users: [] })).toBeNull();
    expect(restore(undefined)).toBeNull();
  });

  it('persists per account in IndexedDB across instances (a reload) and forgets an account on clear', async () => {
    const factory = new IDBFactory();
    const first = new MessageCache(factory);
    await first.save(7, snapshot(withChats(1, 2), users, 5));
    await first.save(8, snapshot(withChats(2, 1), users, 5));
    first.close();
    const second = new MessageCache(factory);
    expect(restore(await second.load(7))?.state.histories.get(1)?.messages).toHaveLength(2);
    await second.clear(7);
    expect(await second.load(7)).toBeUndefined();
    expect(restore(await second.load(8))?.state.chats.size).toBe(2);
  });
});
