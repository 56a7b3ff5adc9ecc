import { effect } from '@preact/signals';
import type { Chat, Message } from '../protocol/messaging';
import { applyUpdate, editMessage } from '../state/chatModel';
import type { ChatStore, EncryptedChats } from '../state/chatStore';
import type { ParleyClient } from '../protocol/client';
import { SecureChats, type Verification } from './secureChats';
import { E2eState } from './state';
import { EncryptedIdbStore } from './store';

/** Update kinds that change what this device can decrypt: they trigger a catch-up of the MLS cursor. */
const MLS_UPDATES = new Set(['e2eHandshake', 'e2eWelcome', 'e2eTimer', 'newMessage', 'deleteMessages', 'chatDeleted']);
/** How often disappearing messages are looked for while nothing else happens. */
const EXPIRY_CHECK_MS = 60_000;

/**
 * The end-to-end layer of one browser session, loaded lazily after login (the MLS code is not in the first bundle).
 * It opens the session's encrypted state, registers the device, follows the log with its own cursor, and shows
 * decrypted texts in the chat store: messages arrive as ciphertext through the normal sync and get their text here.
 */
export class SecureSession implements EncryptedChats {
  /** Texts this device decrypted or sent, by chat then message id: a cache of the encrypted `plain-<chatId>` records. */
  private readonly texts = new Map<number, Map<number, string>>();
  /** Chats whose stored texts are in `texts`. */
  private readonly loaded = new Set<number>();
  private readonly stopEffect: () => void;
  private readonly expiryTimer: ReturnType<typeof setInterval>;
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    readonly secure: SecureChats,
    private readonly state: E2eState,
    private readonly store: EncryptedIdbStore,
    private readonly chats: ChatStore,
  ) {
    this.stopEffect = effect(() => {
      const snapshot = this.chats.state.value;
      queueMicrotask(() => this.reveal(snapshot === this.chats.state.value));
    });
    this.expiryTimer = setInterval(() => this.reveal(true), EXPIRY_CHECK_MS);
  }

  static async start(client: ParleyClient, chats: ChatStore, userId: number, sessionId: number): Promise<SecureSession> {
    const store = await EncryptedIdbStore.open(indexedDB, localStorage, userId, sessionId);
    const state = new E2eState(store);
    const secure = await SecureChats.open(client, state, userId, sessionId);
    const session = new SecureSession(secure, state, store, chats);
    await session.refresh();
    return session;
  }

  /** Forgets a session's end-to-end state (logout, revoked session). */
  static destroy(userId: number, sessionId: number): Promise<void> {
    return EncryptedIdbStore.destroy(indexedDB, localStorage, userId, sessionId);
  }

  stop(): void {
    this.stopEffect();
    clearInterval(this.expiryTimer);
    this.store.close();
  }

  /** Called with every update batch of the application's sync: catches the MLS cursor up when one matters. */
  onUpdates(updates: readonly unknown[]): void {
    if (!updates.some((u) => MLS_UPDATES.has((u as { type?: string }).type ?? ''))) return;
    void this.refresh();
  }

  /** Applies the log since this device's cursor, then shows whatever became readable. */
  refresh(): Promise<void> {
    this.pending = this.pending
      .then(async () => {
        await this.secure.catchUp();
        await this.loadTexts();
        this.reveal(true);
      })
      .catch((error: unknown) => console.warn('end-to-end catch-up failed; will retry with the next update', error));
    return this.pending;
  }

  async send(chatId: number, text: string, randomId: number): Promise<Message> {
    const sent = await this.secure.send(chatId, text, randomId);
    this.remember(chatId, sent.message.id, text);
    return sent.message;
  }

  createGroup(title: string, memberIds: readonly number[]): Promise<Chat> {
    return this.secure.createGroup(title, memberIds) as Promise<Chat>;
  }

  createPrivate(userId: number): Promise<Chat> {
    return this.secure.createPrivate(userId) as Promise<Chat>;
  }

  async addMember(chatId: number, userId: number): Promise<void> {
    await this.secure.addMember(chatId, userId);
  }

  async removeMember(chatId: number, userId: number): Promise<void> {
    await this.secure.removeMember(chatId, userId);
  }

  verify(userId: number): Promise<Verification> {
    return this.secure.verify(userId);
  }

  private remember(chatId: number, id: number, text: string): void {
    let chat = this.texts.get(chatId);
    if (!chat) this.texts.set(chatId, (chat = new Map()));
    chat.set(id, text);
  }

  /** Loads the stored texts of every encrypted chat the store shows (again: a catch-up may have added some). */
  private async loadTexts(): Promise<void> {
    for (const [chatId, entry] of this.chats.state.value.chats) {
      if ((entry.chat as Chat & { e2e?: boolean }).e2e) await this.loadChat(chatId);
    }
  }

  private async loadChat(chatId: number): Promise<void> {
    const stored = await this.state.plaintexts(chatId);
    for (const [id, text] of Object.entries(stored)) this.remember(chatId, Number(id), text);
    this.loaded.add(chatId);
  }

  /**
   * Puts known texts into encrypted messages shown without one (history pages, pushed messages, previews), and takes
   * messages past their chat's disappearing timer off the screen (their texts are forgotten by SecureChats).
   */
  private reveal(current: boolean): void {
    if (!current) return;
    let state = this.chats.state.value;
    const unloaded = new Set<number>();
    const expired = new Map<number, number[]>();
    for (const history of state.histories.values()) {
      for (const m of history.messages) {
        if (!(m as Message & { ciphertext?: string }).ciphertext || !this.secure.expired(m.chatId, m.date)) continue;
        expired.set(m.chatId, [...(expired.get(m.chatId) ?? []), m.id]);
        this.texts.get(m.chatId)?.delete(m.id);
      }
    }
    for (const [chatId, ids] of expired) {
      state = applyUpdate(state, { type: 'deleteMessages', chatId, ids, forEveryone: true, pts: 0 }, 0, Date.now()).state;
    }
    const show = (m: Message | undefined) => {
      // The server sends an encrypted message with an empty text: only the device fills it in.
      if (!m || m.text || m.deleted || !(m as Message & { ciphertext?: string }).ciphertext) return;
      if (!this.loaded.has(m.chatId)) unloaded.add(m.chatId);
      const text = this.texts.get(m.chatId)?.get(m.id);
      if (text !== undefined) state = editMessage(state, { ...m, text });
    };
    for (const history of state.histories.values()) history.messages.forEach(show);
    for (const entry of state.chats.values()) show(entry.top);
    if (state !== this.chats.state.value) this.chats.state.value = state;
    if (expired.size > 0) void this.secure.catchUp().catch(() => undefined);
    for (const chatId of unloaded) {
      this.loaded.add(chatId);
      void this.loadChat(chatId).then(() => this.reveal(true), (error: unknown) => console.warn('stored texts unreadable', chatId, error));
    }
  }
}

export type { Verification };
