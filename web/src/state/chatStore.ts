import { signal } from '@preact/signals';
import type { ParleyClient } from '../protocol/client';
import { ErrorCodes, ParleyError } from '../protocol/errors';
import type { NewPoll } from '../protocol/community';
import { KeyedQueue } from './keyedQueue';
import { HISTORY_PAGE, SEARCH_LIMIT, newRandomId, type Chat, type Message, type Update, type User } from '../protocol/messaging';
import {
  addPending,
  appendHistory,
  applyUpdate,
  confirmSend,
  editMessage,
  findMessage,
  emptyChatState,
  fromDialogs,
  markRead,
  markSend,
  prependHistory,
  receiveMessage,
  setHistory,
  setMembers,
  setPinned,
  setPoll,
  setReactions,
  upsertChat,
  type ChatState,
} from './chatModel';

/** Starts and stops following a supergroup's or channel's own event sequence (ChannelSync). */
export interface LargeChatFollower {
  follow(chatId: number, seq: number): void;
  unfollow(chatId: number): void;
}

/** A request to show one message: the chat view scrolls to it and highlights it. `nonce` repeats a jump to the same one. */
export interface MessageFocus {
  chatId: number;
  id: number;
  nonce: number;
}

/**
 * End-to-end encrypted chats (web/src/e2e, docs/protocol/e2e.md): loaded lazily after login, so this store knows
 * only this shape. Sends and membership changes of chats with `e2e` go through it.
 */
export interface EncryptedChats {
  send(chatId: number, text: string, randomId: number, replyToId?: number): Promise<Message>;
  /** An encrypted edit of one of this user's messages (docs/protocol/e2e.md, "Payload"); the message as edited. */
  edit(chatId: number, id: number, text: string): Promise<Message>;
  /** The message with the text (and reply, edit) this device decrypted, for messages outside the chat window. */
  revealMessage(message: Message): Promise<Message>;
  createGroup(title: string, memberIds: readonly number[]): Promise<Chat>;
  createPrivate(userId: number): Promise<Chat>;
  addMember(chatId: number, userId: number): Promise<void>;
  removeMember(chatId: number, userId: number): Promise<void>;
}

const DIALOG_PAGE = 100;
/** Failures after which the same randomId is simply sent again once the socket is back. */
const RETRYABLE = new Set<string>([ErrorCodes.DISCONNECTED, ErrorCodes.TIMEOUT, ErrorCodes.UNAVAILABLE, ErrorCodes.NETWORK]);

/**
 * The messaging state of one session and the calls that change it. Screens read `state` and `users`; updates from
 * the sync stream arrive through `apply`; a resync reloads the dialog list.
 */
export class ChatStore {
  readonly state = signal<ChatState>(emptyChatState);
  /** Names of people we have seen (chat peers, group members). */
  readonly users = signal<ReadonlyMap<number, User>>(new Map());
  readonly loaded = signal(false);
  readonly focus = signal<MessageFocus | null>(null);
  /** Messages quoted by replies but outside the loaded window ("chatId:id" → message, or null if not visible). */
  readonly quotes = signal<ReadonlyMap<string, Message | null>>(new Map());
  /** Each chat's allowed reactions (chats.getAvailableReactions), asked once per chat per session. */
  private readonly allowedReactions = new Map<number, Promise<string[]>>();
  private readonly fetchingUsers = new Set<number>();
  private readonly requestedQuotes = new Set<string>();
  /** Set once the end-to-end layer is running for this session. */
  encrypted: EncryptedChats | null = null;
  /** Updates about chats being fetched (e.g. the first message of a new private chat), re-applied once known. */
  private readonly orphans = new Map<number, Update[]>();
  /** Chats whose history came from the local cache: shown at once, replaced by the server's on open. */
  private readonly stale = new Set<number>();
  /**
   * Sends leave one chat in the order they were typed: an encrypted one is encrypted on the device first, which
   * takes a moment, so a second message could otherwise overtake the first (the server keeps a socket's order).
   */
  private readonly sends = new KeyedQueue<number>();

  constructor(
    private readonly client: () => ParleyClient,
    private readonly myUserId: () => number,
    private readonly largeChats: LargeChatFollower = { follow: () => undefined, unfollow: () => undefined },
  ) {}

  reset(): void {
    this.orphans.clear();
    this.stale.clear();
    this.state.value = emptyChatState;
    this.users.value = new Map();
    this.focus.value = null;
    this.quotes.value = new Map();
    this.requestedQuotes.clear();
    this.allowedReactions.clear();
    this.loaded.value = false;
  }

  async loadDialogs(): Promise<void> {
    const dialogs = [];
    for (let offset = 0; ; offset += DIALOG_PAGE) {
      const page = await this.client().invoke('messages.getDialogs', { offset, limit: DIALOG_PAGE });
      dialogs.push(...page.dialogs);
      if (page.dialogs.length < DIALOG_PAGE) break;
    }
    let state = fromDialogs(dialogs, this.state.value);
    // Cached histories stay on screen until their chat is opened and answered by the server.
    for (const chatId of this.stale) {
      const cached = this.state.value.histories.get(chatId);
      if (cached && state.chats.has(chatId)) state = setHistory(state, chatId, cached.messages, cached.hasOlder);
      else this.stale.delete(chatId);
    }
    this.state.value = state;
    this.loaded.value = true;
    for (const d of dialogs) if (d.chat.kind === 'private') void this.loadMembers(d.chat.chatId);
  }

  apply(updates: readonly unknown[]): void {
    let state = this.state.value;
    const unknown = new Set<number>();
    for (const raw of updates) {
      const update = raw as Update;
      const result = applyUpdate(state, update, this.myUserId(), Date.now());
      state = result.state;
      for (const chatId of result.unknownChats) {
        unknown.add(chatId);
        if (!state.chats.has(chatId)) this.orphans.set(chatId, [...(this.orphans.get(chatId) ?? []), update]);
      }
    }
    this.state.value = state;
    unknown.forEach((chatId) => void this.fetchChat(chatId));
    // A pin of a message outside the loaded window: the pinned list is fetched again to show its text.
    for (const raw of updates) {
      const update = raw as Update;
      if (update.type !== 'pinnedMessages' || !update.pinned) continue;
      const list = state.pinned.get(update.chatId);
      if (list && update.ids.some((id) => !list.some((m) => m.id === id))) void this.loadPinned(update.chatId);
    }
  }

  async fetchChat(chatId: number): Promise<void> {
    try {
      const { chat } = await this.client().invoke('chats.get', { chatId });
      let state = upsertChat(this.state.value, chat);
      // Reducers are idempotent, so replaying what arrived before the chat was known is safe.
      for (const update of this.orphans.get(chatId) ?? []) state = applyUpdate(state, update, this.myUserId(), Date.now()).state;
      this.orphans.delete(chatId);
      this.state.value = state;
      // New members' names are needed where their messages show (an open history) or are listed.
      if (chat.kind === 'private' || state.members.has(chatId) || state.histories.has(chatId)) void this.loadMembers(chatId);
    } catch (error) {
      this.orphans.delete(chatId);
      console.warn('chats.get failed', chatId, error);
    }
  }

  /**
   * Shows what the local cache holds (messageCache.ts) while the server has not answered yet; a page load's
   * dialog list and each chat's first open replace it.
   */
  restoreCached(cached: ChatState, users: readonly User[]): void {
    if (this.loaded.value) return;
    this.rememberUsers(users);
    this.state.value = cached;
    cached.histories.forEach((_, chatId) => this.stale.add(chatId));
    this.loaded.value = true;
  }

  /** Loads the newest page of a chat's history, unless it is already loaded (a cached one is refreshed). */
  async openChat(chatId: number): Promise<void> {
    if (this.state.value.histories.has(chatId) && !this.stale.has(chatId)) return;
    const { messages } = await this.client().invoke('messages.getHistory', { chatId, limit: HISTORY_PAGE });
    this.stale.delete(chatId);
    this.state.value = setHistory(this.state.value, chatId, messages, messages.length === HISTORY_PAGE);
    void this.loadMembers(chatId);
    void this.loadPinned(chatId);
    if (this.state.value.chats.get(chatId)?.chat.kind === 'channel') void this.countViews(chatId, messages);
  }

  /** Reports the channel posts shown as viewed (each account counts once) and shows the fresh counts. */
  private async countViews(chatId: number, messages: readonly Message[]): Promise<void> {
    const ids = messages.filter((m) => !m.deleted).slice(-100).map((m) => m.id);
    if (ids.length === 0) return;
    try {
      const { views } = await this.client().invoke('messages.getMessagesViews', { chatId, ids, increment: true });
      let state = this.state.value;
      for (const v of views) {
        const message = findMessage(state, chatId, v.id);
        if (message) state = editMessage(state, { ...message, views: v.views });
      }
      this.state.value = state;
    } catch (error) {
      console.warn('messages.getMessagesViews failed', chatId, error);
    }
  }

  async loadPinned(chatId: number): Promise<void> {
    try {
      const { messages } = await this.client().invoke('messages.getPinned', { chatId });
      this.state.value = setPinned(this.state.value, chatId, messages);
    } catch (error) {
      console.warn('messages.getPinned failed', chatId, error);
    }
  }

  /** The reactions this chat allows, asked once (an empty list: reactions are off). */
  availableReactions(chatId: number): Promise<string[]> {
    let known = this.allowedReactions.get(chatId);
    if (!known) {
      known = this.client()
        .invoke('chats.getAvailableReactions', { chatId })
        .then((r) => r.reactions);
      known.catch(() => this.allowedReactions.delete(chatId));
      this.allowedReactions.set(chatId, known);
    }
    return known;
  }

  /** Sets the user's reaction on a message (undefined removes it); the result carries the fresh counts. */
  async react(chatId: number, id: number, reaction: string | undefined): Promise<void> {
    const { reactions } = await this.client().invoke('messages.sendReaction', { chatId, id, ...(reaction !== undefined ? { reaction } : {}) });
    // The result is the full state for this user: `mine` absent means none.
    this.state.value = setReactions(
      setReactions(this.state.value, chatId, id, { counts: [] }),
      chatId,
      id,
      reactions,
    );
  }

  async pin(chatId: number, id: number): Promise<void> {
    await this.client().invoke('messages.pin', { chatId, id });
    this.apply([{ type: 'pinnedMessages', chatId, ids: [id], pinned: true, silent: false, pts: 0 }]);
  }

  async unpin(chatId: number, id: number): Promise<void> {
    await this.client().invoke('messages.unpin', { chatId, id });
    this.apply([{ type: 'pinnedMessages', chatId, ids: [id], pinned: false, silent: false, pts: 0 }]);
  }

  /** Sends a poll or a quiz (exactly once by randomId, like a message). */
  async sendPoll(chatId: number, poll: NewPoll): Promise<void> {
    const { message } = await this.client().invoke('messages.sendPoll', { chatId, randomId: newRandomId(), ...poll });
    this.state.value = receiveMessage(this.state.value, message);
  }

  /** Closes a poll (its author; admins with editMessages in large chats): results become final. */
  async closePoll(chatId: number, id: number): Promise<void> {
    const { poll } = await this.client().invoke('messages.closePoll', { chatId, id });
    this.state.value = setPoll(this.state.value, chatId, id, poll, true);
  }

  /** Votes (an empty list retracts); the result is the poll as this user sees it. */
  async vote(chatId: number, id: number, options: number[]): Promise<void> {
    const { poll } = await this.client().invoke('messages.vote', { chatId, id, options });
    this.state.value = setPoll(this.state.value, chatId, id, poll, true);
  }

  /** Loads the page below a window opened around an older message. */
  async loadNewer(chatId: number): Promise<void> {
    const history = this.state.value.histories.get(chatId);
    const newest = history?.messages[history.messages.length - 1];
    if (!history || !history.hasNewer || !newest) return;
    const { messages } = await this.client().invoke('messages.getHistory', {
      chatId,
      offsetId: newest.id,
      limit: HISTORY_PAGE,
      direction: 'newer',
    });
    this.state.value = appendHistory(this.state.value, chatId, messages, messages.length === HISTORY_PAGE);
  }

  /**
   * Shows one message (a search result, a reply's quote): if it is outside the loaded window, the history is
   * replaced by a window around it (half a page on each side), then the chat view scrolls to it.
   */
  async jumpTo(chatId: number, id: number): Promise<void> {
    if (!findMessage(this.state.value, chatId, id)) {
      const half = HISTORY_PAGE / 2;
      const [older, newer] = await Promise.all([
        this.client().invoke('messages.getHistory', { chatId, offsetId: id + 1, limit: half, direction: 'older' }),
        this.client().invoke('messages.getHistory', { chatId, offsetId: id, limit: half, direction: 'newer' }),
      ]);
      this.state.value = setHistory(
        this.state.value,
        chatId,
        [...older.messages, ...newer.messages],
        older.messages.length === half,
        newer.messages.length === half,
      );
    }
    this.focus.value = { chatId, id, nonce: (this.focus.value?.nonce ?? 0) + 1 };
  }

  /** Back to the newest messages (the "latest" button of a window opened by a jump). */
  async showLatest(chatId: number): Promise<void> {
    const { messages } = await this.client().invoke('messages.getHistory', { chatId, limit: HISTORY_PAGE });
    this.state.value = setHistory(this.state.value, chatId, messages, messages.length === HISTORY_PAGE);
  }

  /** The message a reply quotes: from the loaded window, else fetched once (null when it is not visible). */
  quoted(chatId: number, id: number): Message | null | undefined {
    const loaded = findMessage(this.state.value, chatId, id);
    if (loaded) return loaded;
    const key = `${chatId}:${id}`;
    const known = this.quotes.value.get(key);
    if (known !== undefined || this.requestedQuotes.has(key)) return known;
    this.requestedQuotes.add(key);
    // Called while rendering: the fetch (and the signal write that re-renders the quote) starts afterwards.
    queueMicrotask(() => {
      this.client()
        .invoke('messages.getHistory', { chatId, offsetId: id + 1, limit: 1, direction: 'older' })
        .then(
          async ({ messages }) => {
            let found = messages.find((m) => m.id === id && !m.deleted);
            // In an encrypted chat the server's copy has no text: the device fills in what it decrypted.
            if (found && this.encrypted && this.isEncrypted(chatId)) found = await this.encrypted.revealMessage(found);
            this.quotes.value = new Map(this.quotes.value).set(key, found ?? null);
          },
          (error: unknown) => {
            this.requestedQuotes.delete(key);
            console.warn('quoted message unavailable', chatId, id, error);
          },
        );
    });
    return undefined;
  }

  async edit(chatId: number, id: number, text: string): Promise<void> {
    if (this.isEncrypted(chatId)) {
      const edited = await this.secure().edit(chatId, id, text);
      const shown = findMessage(this.state.value, chatId, id);
      this.state.value = editMessage(this.state.value, { ...(shown ?? edited), text: edited.text ?? text, ...(edited.editDate !== undefined ? { editDate: edited.editDate } : {}) });
      return;
    }
    const { message } = await this.client().invoke('messages.edit', { chatId, id, text });
    this.state.value = editMessage(this.state.value, message);
  }

  async deleteMessages(chatId: number, ids: number[], forEveryone: boolean): Promise<void> {
    await this.client().invoke('messages.delete', { chatId, ids, forEveryone });
    this.state.value = applyUpdate(this.state.value, { type: 'deleteMessages', chatId, ids, forEveryone, pts: 0 }, this.myUserId(), Date.now()).state;
  }

  /** Forwards messages into another chat; each copy gets its own randomId, so a retried forward is not duplicated. */
  async forward(fromChatId: number, ids: number[], toChatId: number): Promise<void> {
    const { messages } = await this.client().invoke('messages.forward', { fromChatId, ids, toChatId, randomIds: ids.map(() => newRandomId()) });
    let state = this.state.value;
    for (const message of messages) state = receiveMessage(state, message);
    this.state.value = state;
  }

  async search(query: string, chatId?: number): Promise<Message[]> {
    const { messages } = await this.client().invoke('messages.search', { query, limit: SEARCH_LIMIT, ...(chatId !== undefined ? { chatId } : {}) });
    return messages.filter((m) => !m.deleted);
  }

  /** Loads (or reloads) a chat's member list; the group info panel shows it. */
  async members(chatId: number): Promise<void> {
    await this.loadMembers(chatId, true);
  }

  async addMember(chatId: number, username: string): Promise<User> {
    const user = await this.resolveUser(username);
    if (this.isEncrypted(chatId)) await this.secure().addMember(chatId, user.userId);
    else await this.client().invoke('chats.addMember', { chatId, userId: user.userId });
    await Promise.all([this.fetchChat(chatId), this.loadMembers(chatId, true)]);
    return user;
  }

  async removeMember(chatId: number, userId: number): Promise<void> {
    if (this.isEncrypted(chatId)) await this.secure().removeMember(chatId, userId);
    else await this.client().invoke('chats.removeMember', { chatId, userId });
    this.apply([{ type: 'chatMembership', chatId, action: 'removed', userIds: [userId], actorId: this.myUserId(), pts: 0 }]);
  }

  async rename(chatId: number, title: string): Promise<void> {
    await this.client().invoke('chats.editTitle', { chatId, title });
    this.apply([{ type: 'chatTitle', chatId, title, pts: 0 }]);
  }

  async leave(chatId: number): Promise<void> {
    await this.client().invoke('chats.leave', { chatId });
    this.apply([{ type: 'chatMembership', chatId, action: 'left', userIds: [this.myUserId()], actorId: this.myUserId(), pts: 0 }]);
  }

  async loadOlder(chatId: number): Promise<void> {
    const history = this.state.value.histories.get(chatId);
    const oldest = history?.messages[0];
    if (!history || !history.hasOlder || !oldest) return;
    const { messages } = await this.client().invoke('messages.getHistory', {
      chatId,
      offsetId: oldest.id,
      limit: HISTORY_PAGE,
      direction: 'older',
    });
    this.state.value = prependHistory(this.state.value, chatId, messages, messages.length === HISTORY_PAGE);
  }

  /** Optimistic send: shows the message at once as pending, then confirmed or failed (retryable with the same randomId). */
  send(chatId: number, text: string, replyToId?: number): Promise<void> {
    const randomId = newRandomId();
    this.state.value = addPending(this.state.value, {
      randomId,
      chatId,
      text,
      date: Math.floor(Date.now() / 1000),
      replyToId,
      state: 'pending',
      error: undefined,
    });
    return this.sends.run(chatId, () => this.attempt(randomId));
  }

  retry(randomId: number): Promise<void> {
    const pending = this.state.value.pending.find((p) => p.randomId === randomId);
    if (!pending) return Promise.resolve();
    this.state.value = markSend(this.state.value, randomId, 'pending');
    return this.sends.run(pending.chatId, () => this.attempt(randomId));
  }

  discard(randomId: number): void {
    this.state.value = { ...this.state.value, pending: this.state.value.pending.filter((p) => p.randomId !== randomId) };
  }

  /** After a reconnect: sends again whatever failed only because the connection was down. */
  retryInterrupted(): void {
    for (const p of this.state.value.pending) {
      if (p.state === 'failed' && p.error !== undefined && RETRYABLE.has(p.error)) void this.retry(p.randomId);
    }
  }

  async readUpTo(chatId: number, maxId: number): Promise<void> {
    const entry = this.state.value.chats.get(chatId);
    if (!entry || maxId <= entry.readInboxMaxId) return;
    this.state.value = markRead(this.state.value, chatId, maxId);
    try {
      await this.client().invoke('messages.readHistory', { chatId, maxId });
    } catch (error) {
      console.warn('messages.readHistory failed', error);
    }
  }

  /**
   * Opens the private chat with `username`, end-to-end encrypted when `e2e` (the default in the UI) unless the other
   * side has no device that could read it (bots never have one): a chat nobody else can decrypt would be no chat.
   */
  async startPrivateChat(username: string, e2e = false): Promise<number> {
    const { user } = await this.client().invoke('contacts.resolveUsername', { username });
    this.rememberUsers([user]);
    const encrypt = e2e && (await this.hasDevices(user.userId));
    const chat = encrypt ? await this.secure().createPrivate(user.userId) : (await this.client().invoke('chats.createPrivate', { userId: user.userId })).chat;
    this.state.value = upsertChat(this.state.value, chat);
    return chat.chatId;
  }

  /** Looks a person up by username (contacts.resolveUsername) and remembers their name. */
  async resolveUser(username: string): Promise<User> {
    const { user } = await this.client().invoke('contacts.resolveUsername', { username });
    this.rememberUsers([user]);
    return user;
  }

  async createGroup(title: string, memberIds: readonly number[], e2e = false): Promise<number> {
    const chat = e2e ? await this.secure().createGroup(title, memberIds) : (await this.client().invoke('chats.createGroup', { title, memberIds: [...memberIds] })).chat;
    this.state.value = upsertChat(this.state.value, chat);
    return chat.chatId;
  }

  /** Creates a channel (only admins post) or a supergroup (everyone posts); with a username it is public. */
  async createChannel(title: string, kind: 'channel' | 'supergroup', username: string): Promise<number> {
    const { chat } = await this.client().invoke('channels.create', { title, kind, ...(username ? { username } : {}) });
    return this.joined(chat);
  }

  /** Joins a public supergroup or channel by its username, or by id (a channel's discussion group). */
  async joinChannel(target: string | number): Promise<number> {
    const { chat } = await this.client().invoke('channels.join', typeof target === 'number' ? { chatId: target } : { username: target });
    return this.joined(chat);
  }

  /** Joins through an invite link: the chat's id, or null when the link files a join request instead. */
  async joinByInvite(token: string): Promise<number | null> {
    const result = await this.client().invoke('channels.joinByInvite', { token });
    return result.status === 'joined' ? this.joined(result.chat) : null;
  }

  /** A large chat the user just joined or created: followed by its own seq from now on. */
  private joined(chat: Chat): number {
    this.largeChats.follow(chat.chatId, chat.seq);
    this.state.value = upsertChat(this.state.value, chat);
    return chat.chatId;
  }

  async leaveChannel(chatId: number): Promise<void> {
    await this.client().invoke('channels.leave', { chatId });
    this.largeChats.unfollow(chatId);
    this.apply([{ type: 'chatMembership', chatId, action: 'left', userIds: [this.myUserId()], actorId: this.myUserId(), pts: 0 }]);
  }

  private async attempt(randomId: number): Promise<void> {
    const pending = this.state.value.pending.find((p) => p.randomId === randomId);
    if (!pending) return;
    try {
      const { message } = this.isEncrypted(pending.chatId)
        ? { message: await this.secure().send(pending.chatId, pending.text, randomId, pending.replyToId) }
        : await this.client().invoke('messages.send', {
            chatId: pending.chatId,
            text: pending.text,
            randomId,
            ...(pending.replyToId !== undefined ? { replyToId: pending.replyToId } : {}),
          });
      this.state.value = confirmSend(this.state.value, randomId, message);
    } catch (error) {
      const code = error instanceof ParleyError ? error.code : ErrorCodes.INTERNAL;
      this.state.value = markSend(this.state.value, randomId, 'failed', code);
    }
  }

  private async hasDevices(userId: number): Promise<boolean> {
    const { users } = (await this.client().call('e2e.getDevices', { userIds: [userId] })) as { users: { devices: unknown[] }[] };
    return (users[0]?.devices.length ?? 0) > 0;
  }

  private isEncrypted(chatId: number): boolean {
    return this.state.value.chats.get(chatId)?.chat.e2e === true;
  }

  private secure(): EncryptedChats {
    if (!this.encrypted) throw new ParleyError('E2E_UNAVAILABLE', 'end-to-end encryption is still starting on this device');
    return this.encrypted;
  }

  /** `keep`: also keep the list for the group info panel (otherwise only the names are remembered). */
  private async loadMembers(chatId: number, keep = false): Promise<void> {
    if (this.fetchingUsers.has(chatId) && !keep) return;
    this.fetchingUsers.add(chatId);
    try {
      const { members } = await this.client().invoke('chats.getMembers', { chatId, limit: 200 });
      this.rememberUsers(members);
      if (keep || this.state.value.members.has(chatId)) this.state.value = setMembers(this.state.value, chatId, members);
    } catch (error) {
      console.warn('chats.getMembers failed', chatId, error);
      if (keep) throw error;
    } finally {
      this.fetchingUsers.delete(chatId);
    }
  }

  private rememberUsers(users: readonly User[]): void {
    const next = new Map(this.users.value);
    for (const u of users) next.set(u.userId, { userId: u.userId, username: u.username, displayName: u.displayName });
    this.users.value = next;
  }
}
