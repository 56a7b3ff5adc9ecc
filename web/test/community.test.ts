import { describe, expect, it } from 'vitest';
import type { AdminLogEntry } from '../src/protocol/community';
import type { Chat, Message } from '../src/protocol/messaging';
import { permissions } from '../src/state/chatModel';
import { appendPage, countKey, emptyComments, openThread, receiveComment, removeComments, setCounts, type CommentState } from '../src/state/comments';
import { DEFAULT_ADMIN_RIGHTS, fromNow, inviteUrl, moderationFromLog } from '../src/state/moderation';
import { mergeCommands } from '../src/ui/groupCommands';

const CHANNEL = 10;
const GROUP = 20;
const comment = (id: number, replyToId = 5, extra: Partial<Message> = {}): Message => ({ chatId: GROUP, id, replyToId, text: `c${id}`, date: id, ...extra });

function withThread(messages: Message[], hasMore = false): CommentState {
  const counted = setCounts(emptyComments, CHANNEL, [{ id: 1, groupId: GROUP, rootId: 5, count: 0 }]);
  return openThread(counted, { channelId: CHANNEL, postId: 1, groupId: GROUP, rootId: 5, count: messages.length, messages, users: new Map(), hasMore });
}

describe('comment threads', () => {
  it('counts a new comment once, whether it arrives as a push, in a difference or as the send result', () => {
    let state = setCounts(emptyComments, CHANNEL, [{ id: 1, groupId: GROUP, rootId: 5, count: 2 }]);
    state = receiveComment(state, comment(30));
    state = receiveComment(state, comment(30));
    expect(state.counts.get(countKey(CHANNEL, 1))?.count).toBe(3);
  });

  it('ignores messages that reply to something that is no known thread root', () => {
    const state = setCounts(emptyComments, CHANNEL, [{ id: 1, groupId: GROUP, rootId: 5, count: 2 }]);
    expect(receiveComment(state, comment(31, 6))).toBe(state);
    expect(receiveComment(state, { chatId: GROUP, id: 32, text: 'no reply' })).toBe(state);
    expect(receiveComment(state, comment(33, 5, { chatId: 99 }))).toBe(state);
  });

  it('shows a new comment in the open thread in id order, and the thread count follows', () => {
    let state = withThread([comment(7), comment(9)]);
    state = receiveComment(state, comment(8));
    expect(state.thread?.messages.map((m) => m.id)).toEqual([7, 8, 9]);
    expect(state.thread?.count).toBe(3);
    expect(state.counts.get(countKey(CHANNEL, 1))?.count).toBe(3);
  });

  it('does not append past a thread that is only partly loaded: the comment comes with the next page', () => {
    let state = withThread([comment(7)], true);
    state = receiveComment(state, comment(300));
    expect(state.thread?.messages.map((m) => m.id)).toEqual([7]);
    expect(state.thread?.count).toBe(2);
    state = appendPage(state, [comment(8), comment(300)], false);
    expect(state.thread?.messages.map((m) => m.id)).toEqual([7, 8, 300]);
    expect(state.thread?.count).toBe(2);
  });

  it('loaded comments are counted already: a push of one of them changes no count', () => {
    let state = withThread([comment(7)]);
    state = receiveComment(state, comment(7));
    expect(state.thread?.count).toBe(1);
  });

  it('removes comments deleted for everyone from the open thread and its count', () => {
    let state = withThread([comment(7), comment(8)]);
    state = removeComments(state, GROUP, [8, 99]);
    expect(state.thread?.messages.map((m) => m.id)).toEqual([7]);
    expect(state.counts.get(countKey(CHANNEL, 1))?.count).toBe(1);
    expect(removeComments(state, 99, [7])).toBe(state);
  });
});

const entry = (entryId: number, action: string, userId: number | undefined, details?: object): AdminLogEntry => ({
  entryId,
  date: entryId,
  actorId: 1,
  action,
  ...(userId !== undefined ? { userId } : {}),
  ...(details ? { details: JSON.stringify(details) } : {}),
});

describe('moderation rebuilt from the admin log', () => {
  it('keeps the newest rights per admin and drops demoted ones (the log comes newest first)', () => {
    const log = [
      entry(4, 'setAdmin', 3, { changeInfo: false, pinMessages: false }),
      entry(3, 'setAdmin', 2, { banUsers: true, pinMessages: false }),
      entry(2, 'setAdmin', 3, { changeInfo: true }),
      entry(1, 'setAdmin', 2, { changeInfo: true }),
    ];
    const m = moderationFromLog(log, 100);
    expect(m.rights.get(2)).toMatchObject({ banUsers: true, changeInfo: false, pinMessages: false });
    expect(m.rights.has(3)).toBe(false);
  });

  it('lists bans until an unban or their end, and restrictions until they lapse', () => {
    const log = [
      entry(6, 'restrict', 7, { permissions: { sendMessages: false, pinMessages: true }, untilDate: 0 }),
      entry(5, 'restrict', 8, { permissions: { sendMessages: false }, untilDate: 50 }),
      entry(4, 'unban', 4),
      entry(3, 'ban', 6, { untilDate: 50 }),
      entry(2, 'ban', 5, { untilDate: 0 }),
      entry(1, 'ban', 4, { untilDate: 0 }),
    ];
    const m = moderationFromLog(log, 100);
    expect([...m.banned.keys()]).toEqual([5]);
    expect([...m.restricted.keys()]).toEqual([7]);
    expect(m.restricted.get(7)?.permissions).toEqual({ sendMessages: false, inviteUsers: false, pinMessages: true, changeInfo: false });
    expect(moderationFromLog(log, 40).banned.has(6)).toBe(true);
  });

  it('a ban ends adminship; slow mode is the newest setting, unknown without one', () => {
    const m = moderationFromLog([entry(3, 'setSlowMode', undefined, { seconds: 30 }), entry(2, 'ban', 2, {}), entry(1, 'setAdmin', 2, { banUsers: true })], 100);
    expect(m.rights.size).toBe(0);
    expect(m.slowMode).toBe(30);
    expect(moderationFromLog([], 100).slowMode).toBeUndefined();
  });

  it('the newest default permissions count; none in the window means unknown', () => {
    const log = [entry(2, 'setDefaultPermissions', undefined, { sendMessages: true, pinMessages: false }), entry(1, 'setDefaultPermissions', undefined, { pinMessages: true })];
    expect(moderationFromLog(log, 100).defaults).toEqual({ sendMessages: true, inviteUsers: false, pinMessages: false, changeInfo: false });
    expect(moderationFromLog([], 100).defaults).toBeUndefined();
  });

  it('survives details that are not JSON', () => {
    const m = moderationFromLog([{ entryId: 1, date: 1, actorId: 1, action: 'ban', userId: 3, details: '{' }], 100);
    expect(m.banned.get(3)).toBe(0);
  });

  it('new admins get Telegram’s default: every right but appointing admins', () => {
    expect(DEFAULT_ADMIN_RIGHTS.addAdmins).toBe(false);
    expect(Object.values(DEFAULT_ADMIN_RIGHTS).filter(Boolean)).toHaveLength(8);
  });

  it('durations become Unix times, 0 stays forever; invite URLs go to the join route', () => {
    expect(fromNow(3600, 1_000_000)).toBe(1000 + 3600);
    expect(fromNow(0, 1_000_000)).toBe(0);
    expect(inviteUrl('http://h:1', '/', 'tok_en-1')).toBe('http://h:1/#/join/tok_en-1');
  });
});

describe('command suggestions in groups', () => {
  const users = new Map([
    [1, { userId: 1, username: 'alpha_bot', displayName: 'A' }],
    [2, { userId: 2, username: 'beta_bot', displayName: 'B' }],
  ]);
  it('offers a lone bot’s commands as they are, several bots’ addressed with @botname', () => {
    const start = { command: 'start', description: 'Begin' };
    expect(mergeCommands(new Map([[1, [start]]]), users)).toEqual([start]);
    expect(mergeCommands(new Map([[1, [start]], [2, [start]], [3, []]]), users).map((c) => c.command)).toEqual(['start@alpha_bot', 'start@beta_bot']);
    expect(mergeCommands(new Map(), users)).toEqual([]);
  });
});

describe('who closes polls and moderates', () => {
  const chat = (kind: Chat['kind'], myRole: Chat['myRole']): Chat => ({ chatId: 1, kind, memberCount: 2, myRole, seq: 0, createdAt: 0 });
  const poll = (out: boolean, closed = false): Message => ({
    chatId: 1,
    id: 2,
    out,
    poll: { question: 'q', options: [], quiz: false, anonymous: true, multipleChoice: false, closed, totalVoters: 0 },
  });
  it('the author closes an open poll anywhere; admins and owners only in supergroups and channels', () => {
    expect(permissions.closePoll(chat('private', 'member'), poll(true))).toBe(true);
    expect(permissions.closePoll(chat('private', 'member'), poll(false))).toBe(false);
    expect(permissions.closePoll(chat('group', 'admin'), poll(false))).toBe(false);
    expect(permissions.closePoll(chat('supergroup', 'admin'), poll(false))).toBe(true);
    expect(permissions.closePoll(chat('channel', 'owner'), poll(false))).toBe(true);
    expect(permissions.closePoll(chat('channel', 'owner'), poll(true, true))).toBe(false);
    expect(permissions.closePoll(chat('channel', 'owner'), { chatId: 1, id: 3, text: 'no poll' })).toBe(false);
  });
  it('in small groups only the owner appoints and dismisses admins, never for the owner or themselves', () => {
    const member = (userId: number, role: Chat['myRole']) => ({ userId, username: 'u', displayName: 'U', role, joinedAt: 0 });
    expect(permissions.setRole(chat('group', 'owner'), member(2, 'member'), 1)).toBe(true);
    expect(permissions.setRole(chat('group', 'owner'), member(2, 'admin'), 1)).toBe(true);
    expect(permissions.setRole(chat('group', 'owner'), member(1, 'owner'), 1)).toBe(false);
    expect(permissions.setRole(chat('group', 'admin'), member(2, 'member'), 1)).toBe(false);
    expect(permissions.setRole(chat('supergroup', 'owner'), member(2, 'member'), 1)).toBe(false);
  });
  it('the moderation screen is for owners and admins of supergroups and channels', () => {
    expect(permissions.moderate(chat('supergroup', 'admin'))).toBe(true);
    expect(permissions.moderate(chat('channel', 'owner'))).toBe(true);
    expect(permissions.moderate(chat('channel', 'member'))).toBe(false);
    expect(permissions.moderate(chat('group', 'owner'))).toBe(false);
  });
});
