import { signal } from '@preact/signals';
import type { ParleyClient } from '../protocol/client';
import { ErrorCodes, ParleyError } from '../protocol/errors';
import { HISTORY_PAGE, newRandomId, type Update, type User } from '../protocol/messaging';
import {
  addPending,
  applyUpdate,
  confirmSend,
  emptyChatState,
  fromDialogs,
  markRead,
  markSend,
  prependHistory,
  setHistory,
  upsertChat,
  type ChatState,
} from './chatModel';

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
  private readonly fetchingUsers = new Set<number>();
  /** Updates about chats being fetched (e.g. the first message of a new private chat), re-applied once known. */
  private readonly orphans = new Map<number, Update[]>();

  constructor(
    private readonly client: () => ParleyClient,
    private readonly myUserId: () => number,
  ) {}

  reset(): void {
    this.orphans.clear();
    this.state.value = emptyChatState;
    this.users.value = new Map();
    this.loaded.value = false;
  }

  async loadDialogs(): Promise<void> {
    const dialogs = [];
    for (let offset = 0; ; offset += DIALOG_PAGE) {
      const page = await this.client().invoke('messages.getDialogs', { offset, limit: DIALOG_PAGE });
      dialogs.push(...page.dialogs);
      if (page.dialogs.length < DIALOG_PAGE) break;
    }
    this.state.value = fromDialogs(dialogs, this.state.value);
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
  }

  async fetchChat(chatId: number): Promise<void> {
    try {
      const { chat } = await this.client().invoke('chats.get', { chatId });
      let state = upsertChat(this.state.value, chat);
      // Reducers are idempotent, so replaying what arrived before the chat was known is safe.
      for (const update of this.orphans.get(chatId) ?? []) state = applyUpdate(state, update, this.myUserId(), Date.now()).state;
      this.orphans.delete(chatId);
      this.state.value = state;
      if (chat.kind === 'private') void this.loadMembers(chatId);
    } catch (error) {
      this.orphans.delete(chatId);
      console.warn('chats.get failed', chatId, error);
    }
  }

  /** Loads the newest page of a chat's history, unless it is already loaded. */
  async openChat(chatId: number): Promise<void> {
    if (this.state.value.histories.has(chatId)) return;
    const { messages } = await this.client().invoke('messages.getHistory', { chatId, limit: HISTORY_PAGE });
    this.state.value = setHistory(this.state.value, chatId, messages, messages.length === HISTORY_PAGE);
    void this.loadMembers(chatId);
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
    return this.attempt(randomId);
  }

  retry(randomId: number): Promise<void> {
    this.state.value = markSend(this.state.value, randomId, 'pending');
    return this.attempt(randomId);
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

  async startPrivateChat(username: string): Promise<number> {
    const { user } = await this.client().invoke('contacts.resolveUsername', { username });
    this.rememberUsers([user]);
    const { chat } = await this.client().invoke('chats.createPrivate', { userId: user.userId });
    this.state.value = upsertChat(this.state.value, chat);
    return chat.chatId;
  }

  async createGroup(title: string, usernames: readonly string[]): Promise<number> {
    const users = await Promise.all(usernames.map((username) => this.client().invoke('contacts.resolveUsername', { username })));
    this.rememberUsers(users.map((u) => u.user));
    const { chat } = await this.client().invoke('chats.createGroup', { title, memberIds: users.map((u) => u.user.userId) });
    this.state.value = upsertChat(this.state.value, chat);
    return chat.chatId;
  }

  private async attempt(randomId: number): Promise<void> {
    const pending = this.state.value.pending.find((p) => p.randomId === randomId);
    if (!pending) return;
    try {
      const { message } = await this.client().invoke('messages.send', {
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

  private async loadMembers(chatId: number): Promise<void> {
    if (this.fetchingUsers.has(chatId)) return;
    this.fetchingUsers.add(chatId);
    try {
      const { members } = await this.client().invoke('chats.getMembers', { chatId, limit: 200 });
      this.rememberUsers(members);
    } catch (error) {
      console.warn('chats.getMembers failed', chatId, error);
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
