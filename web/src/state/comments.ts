import { signal } from '@preact/signals';
import type { ParleyClient } from '../protocol/client';
import { REPLIES_PAGE, type CommentCount } from '../protocol/community';
import { newRandomId, type Message, type Update, type User } from '../protocol/messaging';

/**
 * Comments on channel posts (docs/protocol/channels.md, "Discussion groups"): a post of a channel with a linked
 * supergroup has a thread root in that group, and its comments are the group's messages replying to the root.
 * Counts are asked per page of posts (messages.getCommentCounts); one thread at a time is open.
 */
export interface Thread {
  channelId: number;
  postId: number;
  groupId: number;
  rootId: number;
  /** All comments of the thread on the server (the loaded ones may be fewer). */
  count: number;
  /** Loaded comments, oldest first, no duplicates. */
  messages: readonly Message[];
  /** Senders of the loaded comments, from the replies themselves (commenters need not be group members). */
  users: ReadonlyMap<number, User>;
  hasMore: boolean;
}

export interface CommentState {
  /** `channelId:postId` → its thread and count; posts without a thread are absent. */
  counts: ReadonlyMap<string, CommentCount>;
  thread: Thread | null;
  /** `groupId:messageId` of comments already counted, so a push and our own send's result count once. */
  counted: ReadonlySet<string>;
}

export const emptyComments: CommentState = { counts: new Map(), thread: null, counted: new Set() };

export const countKey = (channelId: number, postId: number) => `${channelId}:${postId}`;

export function setCounts(state: CommentState, channelId: number, counts: readonly CommentCount[]): CommentState {
  const next = new Map(state.counts);
  for (const c of counts) next.set(countKey(channelId, c.id), c);
  return { ...state, counts: next };
}

/** Opens a thread with its first page (or replaces it by a fresh read). */
export function openThread(state: CommentState, thread: Thread): CommentState {
  const counts = new Map(state.counts);
  counts.set(countKey(thread.channelId, thread.postId), { id: thread.postId, groupId: thread.groupId, rootId: thread.rootId, count: thread.count });
  const counted = new Set(state.counted);
  for (const m of thread.messages) counted.add(`${thread.groupId}:${m.id}`);
  return { counts, counted, thread: { ...thread, messages: sortedComments(thread.messages) } };
}

export function appendPage(state: CommentState, messages: readonly Message[], hasMore: boolean, users: readonly User[] = []): CommentState {
  const thread = state.thread;
  if (!thread) return state;
  const counted = new Set(state.counted);
  for (const m of messages) counted.add(`${thread.groupId}:${m.id}`);
  const known = new Map(thread.users);
  for (const u of users) known.set(u.userId, u);
  return { ...state, counted, thread: { ...thread, messages: sortedComments([...thread.messages, ...messages]), users: known, hasMore } };
}

/**
 * A message of some chat arrived (pushed, from a difference, or our own send's result). If it replies to a known
 * thread root it is a new comment: counted once, and shown when that thread is open and fully loaded.
 */
export function receiveComment(state: CommentState, message: Message): CommentState {
  if (message.replyToId === undefined || message.deleted) return state;
  const key = `${message.chatId}:${message.id}`;
  if (state.counted.has(key)) {
    // Already counted: an open thread may still lack it (e.g. our send's result after a push), so it is merged.
    return withThreadMessage(state, message);
  }
  let touched = false;
  const counts = new Map(state.counts);
  for (const [k, c] of state.counts) {
    if (c.groupId === message.chatId && c.rootId === message.replyToId) {
      counts.set(k, { ...c, count: c.count + 1 });
      touched = true;
    }
  }
  const thread = state.thread;
  const inThread = thread !== null && thread.groupId === message.chatId && thread.rootId === message.replyToId;
  if (!touched && !inThread) return state;
  const counted = new Set(state.counted).add(key);
  let next: CommentState = { ...state, counts, counted };
  if (inThread && thread) {
    next = { ...next, thread: { ...thread, count: thread.count + 1 } };
    next = withThreadMessage(next, message);
  }
  return next;
}

function withThreadMessage(state: CommentState, message: Message): CommentState {
  const thread = state.thread;
  if (!thread || thread.groupId !== message.chatId || thread.rootId !== message.replyToId) return state;
  // Beyond the loaded pages it shows when the user loads the rest.
  if (thread.hasMore) return state;
  return { ...state, thread: { ...thread, messages: sortedComments([...thread.messages, message]) } };
}

/** Comments deleted for everyone disappear from an open thread and from its count. */
export function removeComments(state: CommentState, chatId: number, ids: readonly number[]): CommentState {
  const thread = state.thread;
  if (!thread || thread.groupId !== chatId) return state;
  const gone = new Set(ids);
  const kept = thread.messages.filter((m) => !gone.has(m.id));
  const removed = thread.messages.length - kept.length;
  if (removed === 0) return state;
  const count = Math.max(0, thread.count - removed);
  const counts = new Map(state.counts);
  const key = countKey(thread.channelId, thread.postId);
  const known = counts.get(key);
  if (known) counts.set(key, { ...known, count });
  return { ...state, counts, thread: { ...thread, messages: kept, count } };
}

function sortedComments(messages: readonly Message[]): Message[] {
  const byId = new Map<number, Message>();
  for (const m of messages) if (!m.deleted) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The comment threads of channel posts: counts for the posts shown, the open thread, and commenting. */
export class CommentStore {
  readonly state = signal<CommentState>(emptyComments);
  /** Posts whose count was asked already (`channelId:postId`), so scrolling does not ask again. */
  private readonly asked = new Set<string>();

  constructor(private readonly client: () => ParleyClient) {}

  reset(): void {
    this.asked.clear();
    this.state.value = emptyComments;
  }

  /** Asks the comment counts of channel posts not asked yet (100 per call). */
  async loadCounts(channelId: number, postIds: readonly number[]): Promise<void> {
    const wanted = postIds.filter((id) => !this.asked.has(countKey(channelId, id)));
    wanted.forEach((id) => this.asked.add(countKey(channelId, id)));
    for (let i = 0; i < wanted.length; i += REPLIES_PAGE) {
      const ids = wanted.slice(i, i + REPLIES_PAGE);
      try {
        const { counts } = await this.client().invoke('messages.getCommentCounts', { chatId: channelId, ids });
        this.state.value = setCounts(this.state.value, channelId, counts);
      } catch (error) {
        ids.forEach((id) => this.asked.delete(countKey(channelId, id)));
        console.warn('messages.getCommentCounts failed', channelId, error);
      }
    }
  }

  /** Opens a post's thread with its oldest comments. */
  async open(channelId: number, postId: number): Promise<void> {
    const replies = await this.client().invoke('messages.getReplies', { chatId: channelId, msgId: postId, limit: REPLIES_PAGE });
    this.state.value = openThread(this.state.value, {
      channelId,
      postId,
      groupId: replies.groupId,
      rootId: replies.rootId,
      count: replies.count,
      messages: replies.messages,
      users: new Map((replies.users ?? []).map((u) => [u.userId, u])),
      hasMore: replies.messages.length === REPLIES_PAGE,
    });
  }

  async loadMore(): Promise<void> {
    const thread = this.state.value.thread;
    const last = thread?.messages[thread.messages.length - 1];
    if (!thread || !thread.hasMore) return;
    const { messages, users } = await this.client().invoke('messages.getReplies', {
      chatId: thread.channelId,
      msgId: thread.postId,
      offsetId: last?.id ?? 0,
      limit: REPLIES_PAGE,
    });
    this.state.value = appendPage(this.state.value, messages, messages.length === REPLIES_PAGE, users ?? []);
  }

  close(): void {
    this.state.value = { ...this.state.value, thread: null };
  }

  /** Comments on the open thread: a reply to its root in the discussion group (exactly once by randomId). */
  async comment(text: string): Promise<void> {
    const thread = this.state.value.thread;
    if (!thread) return;
    const { message } = await this.client().invoke('messages.send', { chatId: thread.groupId, text, randomId: newRandomId(), replyToId: thread.rootId });
    this.state.value = receiveComment(this.state.value, message);
  }

  /** Updates from the user's stream and the large chats' streams: new and deleted comments of known threads. */
  apply(updates: readonly unknown[]): void {
    let state = this.state.value;
    for (const raw of updates) {
      const update = raw as Update;
      if (update.type === 'newMessage') state = receiveComment(state, update.message);
      else if (update.type === 'deleteMessages' && update.forEveryone) state = removeComments(state, update.chatId, update.ids);
    }
    this.state.value = state;
  }
}
