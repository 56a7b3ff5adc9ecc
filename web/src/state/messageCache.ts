import type { Message, User } from '../protocol/messaging';
import { ObjectStoreDb } from '../protocol/objectStoreDb';
import { emptyChatState, orderedChats, type ChatEntry, type ChatState } from './chatModel';

/**
 * A bounded copy of the chat list and of the newest messages of recently shown chats in IndexedDB, so a reload
 * shows them at once, before the server answers; the server's answers then replace them. One record per account
 * (database `parley-cache`, store `chats`, key = userId), written a moment after the state settles, deleted on
 * logout, revoke and account deletion. It is a cache, never the truth: sync state (pts) lives in ptsStore.ts.
 */
export const CACHE_CHATS = 200;
export const CACHE_HISTORIES = 30;
export const CACHE_MESSAGES = 50;
export const CACHE_USERS = 500;
/** Bumped when the record's shape changes: older records are ignored. */
const VERSION = 1;

export interface CachedHistory {
  chatId: number;
  messages: Message[];
  hasOlder: boolean;
}

export interface CacheRecord {
  version: number;
  savedAt: number;
  chats: ChatEntry[];
  histories: CachedHistory[];
  /** Names of senders and peers, so cached messages show who wrote them. */
  users: User[];
}

/**
 * What to keep of a state: the newest CACHE_CHATS chats, and for the newest CACHE_HISTORIES of those whose newest
 * messages are loaded (not a window around an older message), their last CACHE_MESSAGES messages. End-to-end
 * encrypted chats keep neither history nor preview: their plaintext rests only in the e2e layer's encrypted store.
 */
export function snapshot(state: ChatState, users: ReadonlyMap<number, User>, nowMs: number): CacheRecord {
  const chats = orderedChats(state)
    .slice(0, CACHE_CHATS)
    .map((entry) => (entry.chat.e2e ? { ...entry, top: undefined } : entry));
  const histories: CachedHistory[] = [];
  for (const entry of chats) {
    if (histories.length >= CACHE_HISTORIES) break;
    const history = state.histories.get(entry.chat.chatId);
    if (entry.chat.e2e || !history || history.hasNewer || history.messages.length === 0) continue;
    const messages = history.messages.slice(-CACHE_MESSAGES);
    histories.push({ chatId: entry.chat.chatId, messages, hasOlder: history.hasOlder || history.messages.length > messages.length });
  }
  return { version: VERSION, savedAt: nowMs, chats, histories, users: [...users.values()].slice(-CACHE_USERS) };
}

/** The state to show from a cached record (nothing if it is from another version or malformed). */
export function restore(record: unknown): { state: ChatState; users: User[] } | null {
  if (typeof record !== 'object' || record === null) return null;
  const r = record as Partial<CacheRecord>;
  if (r.version !== VERSION || !Array.isArray(r.chats) || !Array.isArray(r.histories) || !Array.isArray(r.users)) return null;
  const chats = new Map<number, ChatEntry>();
  for (const entry of r.chats) chats.set(entry.chat.chatId, entry);
  const histories = new Map<number, { messages: Message[]; hasOlder: boolean; hasNewer: boolean }>();
  for (const h of r.histories) if (chats.has(h.chatId)) histories.set(h.chatId, { messages: h.messages, hasOlder: h.hasOlder, hasNewer: false });
  return { state: { ...emptyChatState, chats, histories }, users: r.users };
}

/** The IndexedDB side; its own database so the sync database's schema stays as it is. */
export class MessageCache {
  private readonly db: ObjectStoreDb;

  constructor(factory: IDBFactory = indexedDB) {
    this.db = new ObjectStoreDb(factory, 'parley-cache', 'chats');
  }

  load(userId: number): Promise<unknown> {
    return this.db.request('readonly', (store) => store.get(userId));
  }

  async save(userId: number, record: CacheRecord): Promise<void> {
    await this.db.request('readwrite', (store) => store.put(record, userId));
  }

  async clear(userId: number): Promise<void> {
    await this.db.request('readwrite', (store) => store.delete(userId));
  }

  close(): void {
    this.db.close();
  }
}
