import type { Strings } from '../i18n/en';
import type { Chat, User } from '../protocol/messaging';

/** Groups, supergroups and channels show their title; private chats the other person's name once known. */
export function chatTitle(chat: Chat, users: ReadonlyMap<number, User>, t: Strings): string {
  if (chat.kind !== 'private') return chat.title ?? '';
  const peer = chat.peerId !== undefined ? users.get(chat.peerId) : undefined;
  return peer?.displayName ?? (chat.peerId !== undefined ? t.chats.unknownUser(chat.peerId) : '');
}

export function userName(userId: number | undefined, users: ReadonlyMap<number, User>, t: Strings): string {
  if (userId === undefined) return '';
  return users.get(userId)?.displayName ?? t.chats.unknownUser(userId);
}
