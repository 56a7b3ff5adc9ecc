import { describe, expect, it } from 'vitest';
import type { Chat, Dialog, Member, Message, Update } from '../src/protocol/messaging';
import {
  appendHistory,
  applyUpdate,
  editMessage,
  findMessage,
  fromDialogs,
  permissions,
  setHistory,
  setMembers,
  type ChatState,
} from '../src/state/chatModel';

const ME = 1;
const PEER = 2;

function group(chatId: number, myRole: Chat['myRole'] = 'member'): Chat {
  return { chatId, kind: 'group', title: 'G', memberCount: 3, myRole, seq: 0, createdAt: 100 };
}

function privateChat(chatId: number): Chat {
  return { chatId, kind: 'private', peerId: PEER, memberCount: 2, myRole: 'member', seq: 0, createdAt: 100 };
}

function msg(chatId: number, id: number, out = false, text = `m${id}`): Message {
  return { chatId, id, senderId: out ? ME : PEER, out, date: 1000 + id, text };
}

function dialog(chat: Chat, top?: Message): Dialog {
  return { chat, ...(top ? { topMessage: top } : {}), unreadCount: 0, readInboxMaxId: top?.id ?? 0, readOutboxMaxId: 0 };
}

function member(userId: number, role: Member['role'], displayName = `u${userId}`): Member {
  return { userId, username: `user${userId}`, displayName, role, joinedAt: 1 };
}

function apply(state: ChatState, ...updates: Update[]): ChatState {
  return updates.reduce((s, u) => applyUpdate(s, u, ME, 0).state, state);
}

const ids = (state: ChatState, chatId: number) => state.histories.get(chatId)?.messages.map((m) => m.id);

describe('edits', () => {
  it('an edit of a message outside the loaded window does not insert it out of context', () => {
    const state = setHistory(fromDialogs([dialog(privateChat(10), msg(10, 60))]), 10, [msg(10, 50), msg(10, 60)], true);
    const next = apply(state, { type: 'editMessage', message: { ...msg(10, 3), text: 'old, edited', editDate: 5 }, pts: 1 });
    expect(ids(next, 10)).toEqual([50, 60]);
  });

  it('an edit of the newest message updates the chat preview without counting it unread again', () => {
    const state = setHistory(fromDialogs([dialog(privateChat(10), msg(10, 5))]), 10, [msg(10, 5)], false);
    const next = editMessage(state, { ...msg(10, 5), text: 'better', editDate: 9 });
    expect(next.chats.get(10)?.top?.text).toBe('better');
    expect(next.chats.get(10)?.unread).toBe(0);
    expect(findMessage(next, 10, 5)?.editDate).toBe(9);
  });

  it('an edit that arrives as a tombstone removes the message', () => {
    const state = setHistory(fromDialogs([dialog(privateChat(10), msg(10, 5))]), 10, [msg(10, 4), msg(10, 5)], false);
    const next = apply(state, { type: 'editMessage', message: { chatId: 10, id: 4, deleted: true }, pts: 2 });
    expect(ids(next, 10)).toEqual([5]);
  });
});

describe('a window opened by a jump', () => {
  const base = setHistory(fromDialogs([dialog(privateChat(10), msg(10, 900))]), 10, [msg(10, 100), msg(10, 101)], true, true);

  it('does not append new messages beyond a window that is not the newest, but keeps the preview current', () => {
    const next = apply(base, { type: 'newMessage', message: msg(10, 901), pts: 1 });
    expect(ids(next, 10)).toEqual([100, 101]);
    expect(next.chats.get(10)?.top?.id).toBe(901);
  });

  it('grows downwards page by page until it reaches the newest message', () => {
    let next = appendHistory(base, 10, [msg(10, 101), msg(10, 102)], true);
    expect(ids(next, 10)).toEqual([100, 101, 102]);
    expect(next.histories.get(10)?.hasNewer).toBe(true);
    next = appendHistory(next, 10, [msg(10, 103)], false);
    next = apply(next, { type: 'newMessage', message: msg(10, 104), pts: 1 });
    expect(ids(next, 10)).toEqual([100, 101, 102, 103, 104]);
  });

  it('finds only messages inside the window', () => {
    expect(findMessage(base, 10, 101)?.id).toBe(101);
    expect(findMessage(base, 10, 500)).toBeUndefined();
  });
});

describe('member lists', () => {
  const loaded = setMembers(fromDialogs([dialog(group(20, 'owner'))]), 20, [member(3, 'member', 'Zed'), member(ME, 'owner'), member(4, 'admin'), member(5, 'member', 'Amy')]);

  it('lists the owner first, then admins, then members by name', () => {
    expect(loaded.members.get(20)?.map((m) => m.userId)).toEqual([ME, 4, 5, 3]);
  });

  it('drops people who were removed or left, and follows role changes, live', () => {
    const next = apply(
      loaded,
      { type: 'chatMembership', chatId: 20, action: 'removed', userIds: [3], actorId: ME, pts: 1 },
      { type: 'chatMembership', chatId: 20, action: 'left', userIds: [5], actorId: 5, pts: 2 },
      { type: 'chatRole', chatId: 20, userId: 4, role: 'member', pts: 3 },
    );
    expect(next.members.get(20)).toEqual([member(ME, 'owner'), member(4, 'member')]);
  });

  it('asks for the chat again when someone is added (the new member and count come from the server)', () => {
    const result = applyUpdate(loaded, { type: 'chatMembership', chatId: 20, action: 'added', userIds: [9], actorId: ME, pts: 4 }, ME, 0);
    expect(result.unknownChats).toEqual([20]);
  });

  it('forgets the group and its members when the user is removed', () => {
    const next = apply(loaded, { type: 'chatMembership', chatId: 20, action: 'removed', userIds: [ME], actorId: 4, pts: 5 });
    expect(next.chats.has(20)).toBe(false);
    expect(next.members.has(20)).toBe(false);
  });
});

describe('permissions', () => {
  it('edits only the user’s own, not forwarded, messages', () => {
    expect(permissions.edit(msg(10, 1, true))).toBe(true);
    expect(permissions.edit(msg(10, 1, false))).toBe(false);
    expect(permissions.edit({ ...msg(10, 1, true), forward: { fromChatId: 3, fromMessageId: 4, date: 1 } })).toBe(false);
  });

  it('deletes for everyone: own messages anywhere; others’ only as a group owner or admin', () => {
    expect(permissions.deleteForEveryone(privateChat(10), msg(10, 1, true))).toBe(true);
    expect(permissions.deleteForEveryone(privateChat(10), msg(10, 1, false))).toBe(false);
    expect(permissions.deleteForEveryone(group(20, 'admin'), msg(20, 1, false))).toBe(true);
    expect(permissions.deleteForEveryone(group(20, 'member'), msg(20, 1, false))).toBe(false);
  });

  it('removes members by the protocol’s rules', () => {
    const cases: [Chat['myRole'], Member['role'], boolean][] = [
      ['owner', 'admin', true],
      ['owner', 'member', true],
      ['admin', 'member', true],
      ['admin', 'admin', false],
      ['admin', 'owner', false],
      ['member', 'member', false],
    ];
    for (const [mine, theirs, allowed] of cases) {
      expect(permissions.removeMember(group(20, mine), member(7, theirs), ME), `${mine} removes ${theirs}`).toBe(allowed);
    }
    expect(permissions.removeMember(group(20, 'owner'), member(ME, 'owner'), ME)).toBe(false);
    expect(permissions.manageMembers(group(20, 'member'))).toBe(false);
    expect(permissions.manageMembers(privateChat(10))).toBe(false);
  });
});
