/**
 * Params and results of chats.*, messages.*, contacts.* and updates.*, mirroring protocol/chat, message, contacts
 * and sync on the server (docs/protocol/messaging.md). Absent optional fields are omitted on the wire.
 */
/** `supergroup` and `channel` are large chats, synced per chat (docs/protocol/channels.md). */
export type ChatKind = 'private' | 'group' | 'supergroup' | 'channel';
export type Role = 'owner' | 'admin' | 'member';

export interface Chat {
  chatId: number;
  kind: ChatKind;
  /** Absent for private chats. */
  title?: string;
  /** The other person, only for private chats. */
  peerId?: number;
  memberCount: number;
  myRole: Role;
  /** The chat's last event number. */
  seq: number;
  createdAt: number;
  /** Public supergroups and channels only. */
  username?: string;
  about?: string;
  signMessages?: boolean;
  /** End-to-end encrypted (docs/protocol/e2e.md): messages carry `ciphertext`, decrypted on the device. */
  e2e?: boolean;
}

export interface ForwardOrigin {
  fromChatId: number;
  fromMessageId: number;
  senderId?: number;
  date: number;
}

/** A message as the viewing user sees it; a deleted one is a tombstone with only chatId, id and deleted. */
export interface Message {
  chatId: number;
  id: number;
  senderId?: number;
  out?: boolean;
  date?: number;
  text?: string;
  entities?: unknown[];
  replyToId?: number;
  forward?: ForwardOrigin;
  editDate?: number;
  deleted?: boolean;
  /** Channel posts with signatures: the author's name (the sender is hidden from readers). */
  authorSignature?: string;
  /** Post state (docs/protocol/posts.md); pushed new/edit messages leave it out: keep what is known. */
  views?: number;
  reactions?: Reactions;
  poll?: Poll;
  pinned?: boolean;
  /** Encrypted chats: the MLS PrivateMessage (base64); `text` is filled in on the device that can read it. */
  ciphertext?: string;
}

/** A message's reaction counts, most used first; `mine` is the viewer's own (absent in others' pushes: unchanged). */
export interface Reactions {
  counts: { reaction: string; count: number }[];
  mine?: string;
}

export interface PollOption {
  text: string;
  voters: number;
}

/** A poll as the viewer sees it; `chosen` (0-based option indexes) is absent before they voted. */
export interface Poll {
  question: string;
  options: PollOption[];
  quiz: boolean;
  anonymous: boolean;
  multipleChoice: boolean;
  closed: boolean;
  closeDate?: number;
  totalVoters: number;
  chosen?: number[];
  correctOption?: number;
  explanation?: string;
}

export interface Dialog {
  chat: Chat;
  topMessage?: Message;
  unreadCount: number;
  readInboxMaxId: number;
  readOutboxMaxId: number;
}

export interface User {
  userId: number;
  username: string;
  displayName: string;
}

export interface Member extends User {
  role: Role;
  joinedAt: number;
}

export type Update =
  | { type: 'newMessage'; message: Message; pts: number }
  | { type: 'editMessage'; message: Message; pts: number }
  | { type: 'deleteMessages'; chatId: number; ids: number[]; forEveryone: boolean; pts: number }
  | { type: 'readHistoryInbox'; chatId: number; maxId: number; unreadCount: number; pts: number }
  | { type: 'readHistoryOutbox'; chatId: number; maxId: number; pts: number }
  | { type: 'chatMembership'; chatId: number; action: 'created' | 'added' | 'removed' | 'left' | 'joined'; userIds: number[]; actorId: number; pts: number }
  | { type: 'chatTitle'; chatId: number; title: string; pts: number }
  | { type: 'chatRole'; chatId: number; userId: number; role: Role; pts: number }
  | { type: 'chatDeleted'; chatId: number; pts: number }
  | { type: 'typing'; chatId: number; userId: number }
  | { type: 'messageReactions'; chatId: number; id: number; reactions: Reactions; pts: number }
  | { type: 'pinnedMessages'; chatId: number; ids: number[]; pinned: boolean; silent: boolean; pts: number }
  | { type: 'messagePoll'; chatId: number; id: number; poll: Poll; pts: number };

export const HISTORY_PAGE = 50;
/** How many results messages.search is asked for. */
export const SEARCH_LIMIT = 50;

/** The result of a method whose effect is logged: the caller's pts after it and the log positions it took. */
export interface Affected {
  pts: number;
  ptsCount: number;
}

export interface MessagingMethods {
  'messages.getDialogs': [{ offset?: number; limit?: number }, { dialogs: Dialog[] }];
  'messages.getHistory': [{ chatId: number; offsetId?: number; limit?: number; direction?: 'older' | 'newer' }, { messages: Message[] }];
  'messages.send': [{ chatId: number; text: string; randomId: number; replyToId?: number }, { message: Message; pts: number }];
  'messages.edit': [{ chatId: number; id: number; text: string }, { message: Message; pts: number }];
  'messages.delete': [{ chatId: number; ids: number[]; forEveryone?: boolean }, Affected];
  'messages.readHistory': [{ chatId: number; maxId: number }, Affected];
  'messages.setTyping': [{ chatId: number }, unknown];
  'messages.forward': [{ fromChatId: number; ids: number[]; toChatId: number; randomIds: number[] }, { messages: Message[]; pts: number }];
  'messages.search': [{ chatId?: number; query: string; limit?: number }, { messages: Message[] }];
  'chats.addMember': [{ chatId: number; userId: number }, Affected];
  'chats.removeMember': [{ chatId: number; userId: number }, Affected];
  'chats.leave': [{ chatId: number }, Affected];
  'chats.editTitle': [{ chatId: number; title: string }, Affected];
  'chats.get': [{ chatId: number }, { chat: Chat }];
  'chats.getMembers': [{ chatId: number; offset?: number; limit?: number }, { members: Member[]; count: number }];
  'chats.createPrivate': [{ userId: number; e2e?: boolean }, { chat: Chat }];
  'chats.createGroup': [{ title: string; memberIds: number[]; e2e?: boolean }, { chat: Chat; pts: number }];
  'contacts.resolveUsername': [{ username: string }, { user: User }];
  'updates.getState': [Record<string, never>, { pts: number }];
  'updates.getChannelStates': [Record<string, never>, { states: { chatId: number; seq: number }[] }];
  'channels.create': [{ title: string; about?: string; username?: string; kind: 'channel' | 'supergroup' }, { chat: Chat }];
  'channels.join': [{ chatId: number } | { username: string }, { chat: Chat }];
  'channels.leave': [{ chatId: number }, { ok: boolean }];
  'messages.sendReaction': [{ chatId: number; id: number; reaction?: string }, { reactions: Reactions }];
  'chats.getAvailableReactions': [{ chatId: number }, { reactions: string[] }];
  'messages.getMessagesViews': [{ chatId: number; ids: number[]; increment?: boolean }, { views: { id: number; views: number }[] }];
  'messages.pin': [{ chatId: number; id: number; silent?: boolean }, { ok: boolean }];
  'messages.unpin': [{ chatId: number; id: number }, { ok: boolean }];
  'messages.getPinned': [{ chatId: number }, { messages: Message[] }];
  'messages.sendPoll': [
    { chatId: number; randomId: number; question: string; options: string[]; anonymous?: boolean; multipleChoice?: boolean; quiz?: boolean; correctOption?: number; explanation?: string },
    { message: Message; pts: number },
  ];
  'messages.vote': [{ chatId: number; id: number; options: number[] }, { poll: Poll }];
  'channels.getDifference': [{ chatId: number; fromSeq: number; limit?: number }, { chatId: number; updates: unknown[]; seq: number; final: boolean }];
}

/** A random non-zero integer within ±2^53 (MessageMethods.validRandomId), unique per message with overwhelming odds. */
export function newRandomId(random: (buffer: Uint32Array) => Uint32Array = (b) => crypto.getRandomValues(b)): number {
  for (;;) {
    const [hi = 0, lo = 0] = random(new Uint32Array(2));
    const value = (hi & 0x1fffff) * 2 ** 32 + lo;
    if (value !== 0) return value;
  }
}
