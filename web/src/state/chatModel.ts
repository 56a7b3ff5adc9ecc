import type { Chat, Dialog, Member, Message, Poll, Reactions, Role, Update } from '../protocol/messaging';

/**
 * The messaging model as immutable values, changed only by the pure functions below, so every rule (dedupe by
 * id, unread counting, optimistic sends) is unit-tested without a browser. Every reducer is idempotent: applying
 * the same update twice (a push and an overlapping difference page) leaves the same state.
 */
export interface ChatEntry {
  chat: Chat;
  top: Message | undefined;
  unread: number;
  readInboxMaxId: number;
  readOutboxMaxId: number;
}

export type SendState = 'pending' | 'failed';

/** A message the user sent that the server has not acknowledged yet. */
export interface PendingMessage {
  randomId: number;
  chatId: number;
  text: string;
  date: number;
  replyToId: number | undefined;
  state: SendState;
  /** Why the last attempt failed (an error code), for failed ones. */
  error: string | undefined;
}

export interface History {
  /** Confirmed messages in id order, tombstones removed: one contiguous window of the chat. */
  messages: Message[];
  /** Whether older messages may exist on the server. */
  hasOlder: boolean;
  /**
   * Whether newer messages may exist beyond the window: after a jump to an old message (search, a reply's quote)
   * the window is around it, and new messages are not appended until the user scrolls back down to them.
   */
  hasNewer: boolean;
}

export interface ChatState {
  chats: ReadonlyMap<number, ChatEntry>;
  histories: ReadonlyMap<number, History>;
  pending: readonly PendingMessage[];
  /** chatId → userId → typing-until (ms). */
  typing: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** Member lists of the groups whose info the user opened (chatId → members, owner first). */
  members: ReadonlyMap<number, readonly Member[]>;
  /** Pinned messages of the chats opened (chatId → messages, newest pin first), from messages.getPinned. */
  pinned: ReadonlyMap<number, readonly Message[]>;
}

export const emptyChatState: ChatState = {
  chats: new Map(),
  histories: new Map(),
  pending: [],
  typing: new Map(),
  members: new Map(),
  pinned: new Map(),
};

/** How long a typing notice shows without a refresh (clients re-send every few seconds while typing). */
export const TYPING_MS = 6000;

export function fromDialogs(dialogs: readonly Dialog[], previous: ChatState = emptyChatState): ChatState {
  const chats = new Map<number, ChatEntry>();
  for (const d of dialogs) {
    chats.set(d.chat.chatId, {
      chat: d.chat,
      top: d.topMessage && !d.topMessage.deleted ? d.topMessage : undefined,
      unread: d.unreadCount,
      readInboxMaxId: d.readInboxMaxId,
      readOutboxMaxId: d.readOutboxMaxId,
    });
  }
  // Histories may be stale after a resync: keep only those of chats that still exist; the open chat reloads them.
  return {
    chats,
    histories: new Map(),
    pending: previous.pending.filter((p) => chats.has(p.chatId)),
    typing: new Map(),
    members: new Map(),
    pinned: new Map(),
  };
}

/** Newest activity first; chats without messages by creation time. */
export function orderedChats(state: ChatState): ChatEntry[] {
  const when = (e: ChatEntry) => e.top?.date ?? e.chat.createdAt;
  return [...state.chats.values()].sort((a, b) => when(b) - when(a) || b.chat.chatId - a.chat.chatId);
}

function insertSorted(messages: readonly Message[], message: Message): Message[] {
  const index = findIndex(messages, message.id);
  if (index < messages.length && messages[index]?.id === message.id) {
    const copy = [...messages];
    copy[index] = message;
    return copy;
  }
  return [...messages.slice(0, index), message, ...messages.slice(index)];
}

/** First index whose id is ≥ id (binary search: histories hold thousands of messages). */
export function findIndex(messages: readonly Message[], id: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((messages[mid]?.id ?? 0) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function withChat(state: ChatState, chatId: number, change: (entry: ChatEntry) => ChatEntry): ChatState {
  const entry = state.chats.get(chatId);
  if (!entry) return state;
  const chats = new Map(state.chats);
  chats.set(chatId, change(entry));
  return { ...state, chats };
}

function withHistory(state: ChatState, chatId: number, change: (history: History) => History): ChatState {
  const history = state.histories.get(chatId);
  if (!history) return state;
  const histories = new Map(state.histories);
  histories.set(chatId, change(history));
  return { ...state, histories };
}

/** A confirmed message (pushed, from a difference, or the send's own result). */
export function receiveMessage(state: ChatState, message: Message): ChatState {
  let next = withHistory(state, message.chatId, (h) => {
    const newest = h.messages[h.messages.length - 1];
    // Beyond a window that is not the newest one: the message shows when the user scrolls down to it.
    if (h.hasNewer && newest !== undefined && message.id > newest.id) return h;
    return { ...h, messages: insertSorted(h.messages, message) };
  });
  next = withChat(next, message.chatId, (entry) => {
    const isNewest = !entry.top || message.id > entry.top.id;
    const counts = isNewest && !message.out && message.id > entry.readInboxMaxId;
    return {
      ...entry,
      top: isNewest || entry.top?.id === message.id ? message : entry.top,
      unread: counts ? entry.unread + 1 : entry.unread,
      chat: { ...entry.chat, seq: Math.max(entry.chat.seq, message.id) },
    };
  });
  if (message.out) next = settleEcho(next, message);
  return next;
}

/**
 * Our own message can arrive as a push before the send's reply. Messages carry no randomId, so the oldest pending
 * message of that chat with the same text is taken to be this one; the reply that follows then finds it settled.
 */
function settleEcho(state: ChatState, message: Message): ChatState {
  const index = state.pending.findIndex((p) => p.chatId === message.chatId && p.text === message.text && p.state === 'pending');
  if (index < 0) return state;
  return { ...state, pending: state.pending.filter((_, i) => i !== index) };
}

export function addPending(state: ChatState, pending: PendingMessage): ChatState {
  return { ...state, pending: [...state.pending, pending] };
}

/** The send succeeded: the pending copy becomes the confirmed message. */
export function confirmSend(state: ChatState, randomId: number, message: Message): ChatState {
  const pending = state.pending.filter((p) => p.randomId !== randomId);
  return receiveMessage({ ...state, pending }, message);
}

export function markSend(state: ChatState, randomId: number, sendState: SendState, error?: string): ChatState {
  return {
    ...state,
    pending: state.pending.map((p) => (p.randomId === randomId ? { ...p, state: sendState, error } : p)),
  };
}

export function setHistory(state: ChatState, chatId: number, messages: readonly Message[], hasOlder: boolean, hasNewer = false): ChatState {
  const histories = new Map(state.histories);
  histories.set(chatId, { messages: sortedUnique(messages), hasOlder, hasNewer });
  return { ...state, histories };
}

/** Newer messages loaded by scrolling down a window opened around an older message. */
export function appendHistory(state: ChatState, chatId: number, newer: readonly Message[], hasNewer: boolean): ChatState {
  const current = state.histories.get(chatId);
  if (!current) return setHistory(state, chatId, newer, true, hasNewer);
  const histories = new Map(state.histories);
  histories.set(chatId, { ...current, messages: sortedUnique([...current.messages, ...newer]), hasNewer });
  return { ...state, histories };
}

/**
 * An edit: replaces the message where it is shown (history window, chat preview, pinned list), never inserts it.
 * Pushed edits carry no post state (views, reactions, pinned, poll): what is known is kept.
 */
export function editMessage(state: ChatState, message: Message): ChatState {
  return withMessage(state, message.chatId, message.id, (old) => ({ ...postState(old), ...message }));
}

/** Only the post-state fields a message has. */
function postState(message: Message): Partial<Message> {
  const { views, reactions, pinned, poll } = message;
  return {
    ...(views !== undefined ? { views } : {}),
    ...(reactions !== undefined ? { reactions } : {}),
    ...(pinned !== undefined ? { pinned } : {}),
    ...(poll !== undefined ? { poll } : {}),
  };
}

/** Changes one message wherever it is shown: the history window, the chat preview and the pinned list. */
function withMessage(state: ChatState, chatId: number, id: number, change: (message: Message) => Message): ChatState {
  let next = withHistory(state, chatId, (h) => {
    const index = findIndex(h.messages, id);
    const old = h.messages[index];
    if (old?.id !== id) return h;
    const messages = [...h.messages];
    messages[index] = change(old);
    return { ...h, messages };
  });
  next = withChat(next, chatId, (e) => (e.top?.id === id ? { ...e, top: change(e.top) } : e));
  const pinned = next.pinned.get(chatId);
  if (pinned?.some((m) => m.id === id)) {
    const all = new Map(next.pinned);
    all.set(chatId, pinned.map((m) => (m.id === id ? change(m) : m)));
    next = { ...next, pinned: all };
  }
  return next;
}

/**
 * New reaction counts. Pushes caused by someone else leave `mine` out ("unchanged for you"), so the viewer's own
 * reaction is kept while the counts still include it.
 */
export function mergeReactions(old: Reactions | undefined, fresh: Reactions): Reactions | undefined {
  const mine = fresh.mine ?? (old?.mine !== undefined && fresh.counts.some((c) => c.reaction === old.mine && c.count > 0) ? old.mine : undefined);
  if (fresh.counts.length === 0) return undefined;
  return mine === undefined ? { counts: fresh.counts } : { counts: fresh.counts, mine };
}

export function setReactions(state: ChatState, chatId: number, id: number, reactions: Reactions): ChatState {
  return withMessage(state, chatId, id, (m) => {
    const merged = mergeReactions(m.reactions, reactions);
    const { reactions: _dropped, ...rest } = m;
    return merged ? { ...rest, reactions: merged } : rest;
  });
}

/** New poll results (`complete`: the viewer's own result, where no `chosen` means none); the viewer's own choice (and a quiz's answer) is kept when a push from a vote of someone else leaves it out. */
export function setPoll(state: ChatState, chatId: number, id: number, poll: Poll, complete = false): ChatState {
  return withMessage(state, chatId, id, (m) => {
    if (complete || poll.chosen !== undefined || m.poll?.chosen === undefined) return { ...m, poll };
    return {
      ...m,
      poll: {
        ...poll,
        chosen: m.poll.chosen,
        ...(poll.correctOption === undefined && m.poll.correctOption !== undefined ? { correctOption: m.poll.correctOption } : {}),
        ...(poll.explanation === undefined && m.poll.explanation !== undefined ? { explanation: m.poll.explanation } : {}),
      },
    };
  });
}

/** The chat's pinned messages as messages.getPinned returned them (newest pin first). */
export function setPinned(state: ChatState, chatId: number, messages: readonly Message[]): ChatState {
  const pinned = new Map(state.pinned);
  pinned.set(chatId, messages.filter((m) => !m.deleted));
  return { ...state, pinned };
}

/**
 * Messages pinned or unpinned: the flag on loaded messages, and the pinned list. A newly pinned message found in
 * the history joins the front of the list; one not loaded is reported so the list is fetched again.
 */
export function applyPins(state: ChatState, chatId: number, ids: readonly number[], pinned: boolean): { state: ChatState; missing: boolean } {
  let next = state;
  for (const id of ids) next = withMessage(next, chatId, id, (m) => ({ ...m, pinned }));
  const list = next.pinned.get(chatId);
  if (!list) return { state: next, missing: false };
  let missing = false;
  let updated = list.filter((m) => !ids.includes(m.id));
  if (pinned) {
    const added: Message[] = [];
    for (const id of [...ids].reverse()) {
      const message = findMessage(next, chatId, id);
      if (message) added.push({ ...message, pinned: true });
      else missing = true;
    }
    updated = [...added, ...updated];
  }
  const all = new Map(next.pinned);
  all.set(chatId, updated);
  return { state: { ...next, pinned: all }, missing };
}

/** A loaded message of a chat (for a reply's quote), if it is in the history window. */
export function findMessage(state: ChatState, chatId: number, id: number): Message | undefined {
  const messages = state.histories.get(chatId)?.messages ?? [];
  const found = messages[findIndex(messages, id)];
  return found?.id === id ? found : undefined;
}

/** Older messages loaded by scrolling up. */
export function prependHistory(state: ChatState, chatId: number, older: readonly Message[], hasOlder: boolean): ChatState {
  const current = state.histories.get(chatId);
  if (!current) return setHistory(state, chatId, older, hasOlder);
  const histories = new Map(state.histories);
  histories.set(chatId, { ...current, messages: sortedUnique([...older, ...current.messages]), hasOlder });
  return { ...state, histories };
}

function sortedUnique(messages: readonly Message[]): Message[] {
  const byId = new Map<number, Message>();
  for (const m of messages) if (!m.deleted) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

export function upsertChat(state: ChatState, chat: Chat): ChatState {
  const chats = new Map(state.chats);
  const entry = state.chats.get(chat.chatId);
  chats.set(chat.chatId, entry ? { ...entry, chat } : { chat, top: undefined, unread: 0, readInboxMaxId: 0, readOutboxMaxId: 0 });
  return { ...state, chats };
}

function removeChat(state: ChatState, chatId: number): ChatState {
  const chats = new Map(state.chats);
  chats.delete(chatId);
  const histories = new Map(state.histories);
  histories.delete(chatId);
  const members = new Map(state.members);
  members.delete(chatId);
  const pinned = new Map(state.pinned);
  pinned.delete(chatId);
  return { ...state, chats, histories, members, pinned, pending: state.pending.filter((p) => p.chatId !== chatId) };
}

/**
 * Applies one update. Returns the new state and the chats this client must fetch (an update about a chat it has
 * not seen yet, e.g. someone created a chat with us).
 */
export function applyUpdate(state: ChatState, update: Update, myUserId: number, nowMs: number): { state: ChatState; unknownChats: number[] } {
  const chatId = 'message' in update ? update.message.chatId : update.chatId;
  // Kinds this model does not handle may carry no chat at all (e2eDevicesChanged names a user).
  const unknown = typeof chatId === 'number' && !state.chats.has(chatId) && update.type !== 'chatDeleted' && update.type !== 'typing';
  let next = state;
  switch (update.type) {
    case 'newMessage':
      next = update.message.deleted ? deleteMessages(state, chatId, [update.message.id]) : receiveMessage(state, update.message);
      break;
    case 'editMessage':
      next = update.message.deleted ? deleteMessages(state, chatId, [update.message.id]) : editMessage(state, update.message);
      break;
    case 'deleteMessages':
      next = deleteMessages(state, chatId, update.ids);
      break;
    case 'readHistoryInbox':
      next = withChat(state, chatId, (e) =>
        update.maxId >= e.readInboxMaxId ? { ...e, readInboxMaxId: update.maxId, unread: update.unreadCount } : e,
      );
      break;
    case 'readHistoryOutbox':
      next = withChat(state, chatId, (e) => ({ ...e, readOutboxMaxId: Math.max(e.readOutboxMaxId, update.maxId) }));
      break;
    case 'chatTitle':
      next = withChat(state, chatId, (e) => ({ ...e, chat: { ...e.chat, title: update.title } }));
      break;
    case 'chatRole':
      next = update.userId === myUserId ? withChat(state, chatId, (e) => ({ ...e, chat: { ...e.chat, myRole: update.role } })) : state;
      next = withMembers(next, chatId, (list) => list.map((m) => (m.userId === update.userId ? { ...m, role: update.role } : m)));
      break;
    case 'chatMembership':
      if ((update.action === 'removed' || update.action === 'left') && update.userIds.includes(myUserId)) {
        return { state: removeChat(state, chatId), unknownChats: [] };
      }
      if (update.action === 'removed' || update.action === 'left') {
        const gone = new Set(update.userIds);
        next = withMembers(state, chatId, (list) => list.filter((m) => !gone.has(m.userId)));
      }
      // Member counts (and who was added) change: refetch the chat rather than guess.
      return { state: next, unknownChats: [chatId] };
    case 'chatDeleted':
      next = removeChat(state, chatId);
      break;
    case 'messageReactions':
      next = setReactions(state, chatId, update.id, update.reactions);
      break;
    case 'messagePoll':
      next = setPoll(state, chatId, update.id, update.poll);
      break;
    case 'pinnedMessages':
      next = applyPins(state, chatId, update.ids, update.pinned).state;
      break;
    case 'typing': {
      if (update.userId === myUserId) break;
      const typing = new Map(state.typing);
      const inChat = new Map(state.typing.get(chatId) ?? []);
      inChat.set(update.userId, nowMs + TYPING_MS);
      typing.set(chatId, inChat);
      next = { ...state, typing };
      break;
    }
  }
  return { state: next, unknownChats: unknown ? [chatId] : [] };
}

function deleteMessages(state: ChatState, chatId: number, ids: readonly number[]): ChatState {
  const gone = new Set(ids);
  let next = withHistory(state, chatId, (h) => ({ ...h, messages: h.messages.filter((m) => !gone.has(m.id)) }));
  next = withChat(next, chatId, (e) => {
    if (!e.top || !gone.has(e.top.id)) return e;
    // The newest loaded survivor becomes the preview; without history the preview is cleared until the next load.
    const survivors = next.histories.get(chatId)?.messages;
    return { ...e, top: survivors?.[survivors.length - 1] };
  });
  return next;
}

/** Marking read locally before the server confirms, so the badge clears at once. */
export function markRead(state: ChatState, chatId: number, maxId: number): ChatState {
  return withChat(state, chatId, (e) => (maxId > e.readInboxMaxId ? { ...e, readInboxMaxId: maxId, unread: 0 } : e));
}

/** Who is typing in a chat right now. */
export function typingIn(state: ChatState, chatId: number, nowMs: number): number[] {
  return [...(state.typing.get(chatId) ?? new Map<number, number>())].filter(([, until]) => until > nowMs).map(([id]) => id);
}

function withMembers(state: ChatState, chatId: number, change: (members: readonly Member[]) => readonly Member[]): ChatState {
  const list = state.members.get(chatId);
  if (!list) return state;
  const members = new Map(state.members);
  members.set(chatId, change(list));
  return { ...state, members };
}

const ROLE_RANK: Record<Role, number> = { owner: 0, admin: 1, member: 2 };

/** A group's member list as the server sent it, ordered owner, admins, members, then by name. */
export function setMembers(state: ChatState, chatId: number, list: readonly Member[]): ChatState {
  const members = new Map(state.members);
  members.set(
    chatId,
    [...list].sort((a, b) => ROLE_RANK[a.role] - ROLE_RANK[b.role] || a.displayName.localeCompare(b.displayName) || a.userId - b.userId),
  );
  return { ...state, members };
}

/** What the protocol lets this user do (docs/protocol/messaging.md, "Roles" and `messages.delete`/`edit`). */
export const permissions = {
  edit(message: Message): boolean {
    return message.out === true && message.forward === undefined && message.deleted !== true;
  },
  deleteForEveryone(chat: Chat, message: Message): boolean {
    if (message.out) return true;
    return chat.kind !== 'private' && (chat.myRole === 'owner' || chat.myRole === 'admin');
  },
  /**
   * Pinning (docs/protocol/posts.md, "Pins"): both parties of a private chat; elsewhere owners and admins (a
   * supergroup may also let members pin, which the client cannot see: the server refuses with FORBIDDEN).
   */
  pin(chat: Chat): boolean {
    return chat.kind === 'private' || chat.myRole === 'owner' || chat.myRole === 'admin';
  },
  /** Closing a poll: its author; in supergroups and channels also admins (the server checks editMessages). */
  closePoll(chat: Chat, message: Message): boolean {
    if (!message.poll || message.poll.closed) return false;
    if (message.out) return true;
    return (chat.kind === 'supergroup' || chat.kind === 'channel') && (chat.myRole === 'owner' || chat.myRole === 'admin');
  },
  /** The moderation screen of supergroups and channels (rights, bans, slow mode, invite links): owners and admins. */
  moderate(chat: Chat): boolean {
    return (chat.kind === 'supergroup' || chat.kind === 'channel') && (chat.myRole === 'owner' || chat.myRole === 'admin');
  },
  manageMembers(chat: Chat): boolean {
    return chat.kind === 'group' && (chat.myRole === 'owner' || chat.myRole === 'admin');
  },
  /** In small groups only the owner appoints and dismisses admins (chats.setRole). */
  setRole(chat: Chat, target: Member, myUserId: number): boolean {
    return chat.kind === 'group' && chat.myRole === 'owner' && target.userId !== myUserId && target.role !== 'owner';
  },
  /** Owners remove anyone but themselves; admins only plain members; nobody removes the owner. */
  removeMember(chat: Chat, target: Member, myUserId: number): boolean {
    if (chat.kind !== 'group' || target.userId === myUserId || target.role === 'owner') return false;
    if (chat.myRole === 'owner') return true;
    return chat.myRole === 'admin' && target.role === 'member';
  },
};
