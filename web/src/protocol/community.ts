/**
 * Params and results of the community methods of supergroups and channels: discussion threads (comments), closing
 * polls and quizzes, rights and moderation, invite links and join requests (docs/protocol/channels.md and
 * posts.md). They join MethodMap by declaration merging, so client.ts needs no change.
 */
import type { Chat, Message, Poll, User } from './messaging';

/** Telegram's admin rights as the server models them (ModerationMethods.AdminRights); absent = false. */
export interface AdminRights {
  changeInfo?: boolean;
  postMessages?: boolean;
  editMessages?: boolean;
  deleteMessages?: boolean;
  banUsers?: boolean;
  inviteUsers?: boolean;
  pinMessages?: boolean;
  manageTopics?: boolean;
  addAdmins?: boolean;
}

/** Every admin right, in the order the rights form lists them. */
export const ADMIN_RIGHTS = [
  'changeInfo',
  'postMessages',
  'editMessages',
  'deleteMessages',
  'banUsers',
  'inviteUsers',
  'pinMessages',
  'manageTopics',
  'addAdmins',
] as const satisfies readonly (keyof AdminRights)[];

/** What a plain member may do (chat default, or what a restriction leaves them); absent = false. */
export interface MemberPermissions {
  sendMessages?: boolean;
  inviteUsers?: boolean;
  pinMessages?: boolean;
  changeInfo?: boolean;
}

export const MEMBER_PERMISSIONS = ['sendMessages', 'inviteUsers', 'pinMessages', 'changeInfo'] as const satisfies readonly (keyof MemberPermissions)[];

export interface AdminLogEntry {
  entryId: number;
  date: number;
  actorId: number;
  action: string;
  userId?: number;
  /** JSON text of the action's parameters (rights, permissions, untilDate, seconds, …). */
  details?: string;
}

export interface Invite {
  token: string;
  chatId: number;
  creatorId: number;
  /** 0 = never. */
  expireDate: number;
  /** 0 = unlimited. */
  usageLimit: number;
  usageCount: number;
  requestNeeded: boolean;
  revoked: boolean;
}

export interface CommentCount {
  id: number;
  groupId: number;
  rootId: number;
  count: number;
}

export interface Replies {
  groupId: number;
  rootId: number;
  count: number;
  messages: Message[];
  /** Profiles of the page's senders: commenters need not be members of the group. */
  users: User[];
}

/** A poll to send: a quiz names its correct option (0-based) and may explain it; quizzes take one answer. */
export interface NewPoll {
  question: string;
  options: string[];
  multipleChoice: boolean;
  anonymous: boolean;
  quiz?: boolean;
  correctOption?: number;
  explanation?: string;
}

/** Replies are read at most this many per call (DiscussionMethods.PAGE_MAX). */
export const REPLIES_PAGE = 100;

export interface CommunityMethods {
  'messages.getReplies': [{ chatId: number; msgId: number; offsetId?: number; limit?: number }, Replies];
  'messages.getCommentCounts': [{ chatId: number; ids: number[] }, { counts: CommentCount[] }];
  'channels.setDiscussionGroup': [{ channelId: number; groupId?: number }, { ok: boolean }];
  'messages.closePoll': [{ chatId: number; id: number }, { poll: Poll }];
  'chats.setRole': [{ chatId: number; userId: number; role: 'admin' | 'member' }, { pts: number; ptsCount: number }];
  'chats.setAdmin': [{ chatId: number; userId: number; rights: AdminRights }, { ok: boolean }];
  'chats.setDefaultPermissions': [{ chatId: number; permissions: MemberPermissions }, { ok: boolean }];
  'chats.banMember': [{ chatId: number; userId: number; untilDate?: number }, { ok: boolean }];
  'chats.unbanMember': [{ chatId: number; userId: number }, { ok: boolean }];
  'chats.restrictMember': [{ chatId: number; userId: number; permissions: MemberPermissions; untilDate?: number }, { ok: boolean }];
  'chats.setSlowMode': [{ chatId: number; seconds: number }, { ok: boolean }];
  'chats.getAdminLog': [{ chatId: number; limit?: number }, { entries: AdminLogEntry[] }];
  'chats.createInvite': [{ chatId: number; expireDate?: number; usageLimit?: number; requestNeeded?: boolean }, Invite];
  'chats.getInvites': [{ chatId: number; revoked?: boolean }, { invites: Invite[] }];
  'chats.revokeInvite': [{ chatId: number; token: string }, { ok: boolean }];
  'channels.joinByInvite': [{ token: string }, { status: 'joined'; chat: Chat } | { status: 'requested'; chat?: undefined }];
  'chats.getJoinRequests': [{ chatId: number }, { requests: { userId: number; date: number }[] }];
  'chats.decideJoinRequest': [{ chatId: number; userId: number; approve: boolean }, { ok: boolean }];
}

declare module './client' {
  // Declaration merging: the community methods become typed `invoke` targets.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MethodMap extends CommunityMethods {}
}
