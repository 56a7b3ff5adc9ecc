import { describe, expect, it } from 'vitest';
import type { Chat, Message, Poll, Update } from '../src/protocol/messaging';
import { applyUpdate, emptyChatState, findMessage, mergeReactions, setHistory, setPinned, setPoll, upsertChat, type ChatState } from '../src/state/chatModel';

const ME = 1;
const CHAT = 10;

const chat: Chat = { chatId: CHAT, kind: 'private', peerId: 2, memberCount: 2, myRole: 'member', seq: 0, createdAt: 1 };

function msg(id: number, extra: Partial<Message> = {}): Message {
  return { chatId: CHAT, id, senderId: 2, out: false, date: 1000 + id, text: `m${id}`, ...extra };
}

function withHistory(...messages: Message[]): ChatState {
  return setHistory(upsertChat(emptyChatState, chat), CHAT, messages, false);
}

function apply(state: ChatState, ...updates: Update[]): ChatState {
  return updates.reduce((s, u) => applyUpdate(s, u, ME, 0).state, state);
}

function poll(voters: number[], chosen?: number[]): Poll {
  return {
    question: 'Lunch?',
    options: voters.map((v, i) => ({ text: `o${i}`, voters: v })),
    quiz: false,
    anonymous: true,
    multipleChoice: false,
    closed: false,
    totalVoters: voters.reduce((a, b) => a + b, 0),
    ...(chosen ? { chosen } : {}),
  };
}

describe('reactions', () => {
  it('keeps my reaction when a push from someone else leaves "mine" out, and drops it once its count is gone', () => {
    expect(mergeReactions({ counts: [{ reaction: '👍', count: 1 }], mine: '👍' }, { counts: [{ reaction: '👍', count: 2 }] })).toEqual({
      counts: [{ reaction: '👍', count: 2 }],
      mine: '👍',
    });
    expect(mergeReactions({ counts: [{ reaction: '👍', count: 1 }], mine: '👍' }, { counts: [{ reaction: '❤️', count: 1 }] })).toEqual({
      counts: [{ reaction: '❤️', count: 1 }],
    });
    expect(mergeReactions(undefined, { counts: [] })).toBeUndefined();
  });

  it('applies messageReactions to the loaded message, idempotently', () => {
    const update: Update = { type: 'messageReactions', chatId: CHAT, id: 5, reactions: { counts: [{ reaction: '🔥', count: 1 }], mine: '🔥' }, pts: 3 };
    const once = apply(withHistory(msg(5)), update);
    expect(findMessage(once, CHAT, 5)?.reactions).toEqual({ counts: [{ reaction: '🔥', count: 1 }], mine: '🔥' });
    expect(apply(once, update)).toEqual(once);
    const cleared = apply(once, { type: 'messageReactions', chatId: CHAT, id: 5, reactions: { counts: [] }, pts: 4 });
    expect(findMessage(cleared, CHAT, 5)?.reactions).toBeUndefined();
  });

  it('a pushed edit (which carries no post state) keeps reactions, pins and views', () => {
    const state = withHistory(msg(5, { reactions: { counts: [{ reaction: '👍', count: 1 }] }, pinned: true, views: 7 }));
    const edited = apply(state, { type: 'editMessage', message: msg(5, { text: 'new', editDate: 2000 }), pts: 2 });
    expect(findMessage(edited, CHAT, 5)).toMatchObject({ text: 'new', reactions: { counts: [{ reaction: '👍', count: 1 }] }, pinned: true, views: 7 });
  });
});

describe('pins', () => {
  it('a pin of a loaded message joins the front of the pinned list; an unpin removes it', () => {
    let state = setPinned(withHistory(msg(1), msg(2)), CHAT, [msg(1, { pinned: true })]);
    state = apply(state, { type: 'pinnedMessages', chatId: CHAT, ids: [2], pinned: true, silent: false, pts: 1 });
    expect(state.pinned.get(CHAT)?.map((m) => m.id)).toEqual([2, 1]);
    expect(findMessage(state, CHAT, 2)?.pinned).toBe(true);
    state = apply(state, { type: 'pinnedMessages', chatId: CHAT, ids: [2], pinned: true, silent: false, pts: 1 });
    expect(state.pinned.get(CHAT)?.map((m) => m.id)).toEqual([2, 1]);
    state = apply(state, { type: 'pinnedMessages', chatId: CHAT, ids: [2, 1], pinned: false, silent: false, pts: 2 });
    expect(state.pinned.get(CHAT)).toEqual([]);
    expect(findMessage(state, CHAT, 1)?.pinned).toBe(false);
  });
});

describe('polls', () => {
  it('keeps my choice when another voter’s push leaves it out; my own result replaces it', () => {
    let state = withHistory(msg(3, { poll: poll([0, 1], [1]) }));
    state = apply(state, { type: 'messagePoll', chatId: CHAT, id: 3, poll: poll([1, 1]), pts: 5 });
    expect(findMessage(state, CHAT, 3)?.poll).toMatchObject({ totalVoters: 2, chosen: [1] });
    state = setPoll(state, CHAT, 3, poll([1, 0]), true);
    expect(findMessage(state, CHAT, 3)?.poll?.chosen).toBeUndefined();
  });
});
