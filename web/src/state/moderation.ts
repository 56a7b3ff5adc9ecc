import { signal } from '@preact/signals';
import type { ParleyClient } from '../protocol/client';
import { ADMIN_RIGHTS, MEMBER_PERMISSIONS, type AdminLogEntry, type AdminRights, type Invite, type MemberPermissions } from '../protocol/community';

/**
 * Moderation of supergroups and channels as seen by their owner and admins (docs/protocol/channels.md, "Rights and
 * moderation", "Invite links"). The protocol has write methods for rights, bans, restrictions and slow mode but
 * no reads of their current values; what the screen shows is rebuilt from the admin log (`chats.getAdminLog`,
 * newest 100 entries), which records each of these actions with its parameters.
 */
export interface Moderation {
  /** Admins appointed or changed in the log's window → their current rights. */
  rights: ReadonlyMap<number, AdminRights>;
  /** Banned users → ban end (Unix s, 0 = forever), lapsed bans left out. */
  banned: ReadonlyMap<number, number>;
  /** Restricted members → what they keep and until when (0 = forever), lapsed ones left out. */
  restricted: ReadonlyMap<number, { permissions: MemberPermissions; untilDate: number }>;
  /** Slow mode seconds, when the log's window holds a setSlowMode (else unknown). */
  slowMode: number | undefined;
  /** The chat's default member permissions, when the log's window holds a change (else unknown). */
  defaults: MemberPermissions | undefined;
}

/** Telegram's default for a new admin: everything but appointing other admins. */
export const DEFAULT_ADMIN_RIGHTS: AdminRights = Object.fromEntries(ADMIN_RIGHTS.map((r) => [r, r !== 'addAdmins'])) as AdminRights;
export const NO_RIGHTS: AdminRights = Object.fromEntries(ADMIN_RIGHTS.map((r) => [r, false])) as AdminRights;
export const ALL_PERMISSIONS: MemberPermissions = Object.fromEntries(MEMBER_PERMISSIONS.map((p) => [p, true])) as MemberPermissions;

function parse(details: string | undefined): Record<string, unknown> {
  if (!details) return {};
  try {
    const value: unknown = JSON.parse(details);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function flags<K extends string>(keys: readonly K[], raw: unknown): Partial<Record<K, boolean>> {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return Object.fromEntries(keys.map((k) => [k, source[k] === true])) as Partial<Record<K, boolean>>;
}

const anyTrue = (value: object) => Object.values(value).some((v) => v === true);
const num = (value: unknown) => (typeof value === 'number' ? value : 0);

/** Replays the admin log (newest first, as the server returns it) into the current state at `nowSec`. */
export function moderationFromLog(entries: readonly AdminLogEntry[], nowSec: number): Moderation {
  const rights = new Map<number, AdminRights>();
  const banned = new Map<number, number>();
  const restricted = new Map<number, { permissions: MemberPermissions; untilDate: number }>();
  let slowMode: number | undefined;
  let defaults: MemberPermissions | undefined;
  for (const entry of [...entries].reverse()) {
    const details = parse(entry.details);
    const user = entry.userId;
    switch (entry.action) {
      case 'setAdmin': {
        if (user === undefined) break;
        const granted = flags(ADMIN_RIGHTS, details);
        if (anyTrue(granted)) rights.set(user, granted);
        else rights.delete(user);
        restricted.delete(user);
        break;
      }
      case 'ban':
        if (user === undefined) break;
        banned.set(user, num(details.untilDate));
        rights.delete(user);
        restricted.delete(user);
        break;
      case 'unban':
        if (user !== undefined) banned.delete(user);
        break;
      case 'restrict':
        if (user !== undefined) restricted.set(user, { permissions: flags(MEMBER_PERMISSIONS, details.permissions), untilDate: num(details.untilDate) });
        break;
      case 'setSlowMode':
        slowMode = num(details.seconds);
        break;
      case 'setDefaultPermissions':
        defaults = flags(MEMBER_PERMISSIONS, details);
        break;
      default:
        break;
    }
  }
  const lapsed = (until: number) => until > 0 && until <= nowSec;
  for (const [user, until] of banned) if (lapsed(until)) banned.delete(user);
  for (const [user, r] of restricted) if (lapsed(r.untilDate)) restricted.delete(user);
  return { rights, banned, restricted, slowMode, defaults };
}

/** Unix seconds `seconds` from now, or 0 (= forever / never) for 0. */
export function fromNow(seconds: number, nowMs: number = Date.now()): number {
  return seconds > 0 ? Math.floor(nowMs / 1000) + seconds : 0;
}

/** The URL of an invite link of this web client: the token goes into the join route. */
export function inviteUrl(origin: string, pathname: string, token: string): string {
  return `${origin}${pathname}#/join/${token}`;
}

/** The moderation calls, and the invite links of the chats whose moderation screen was opened. */
export class ModerationStore {
  /** chatId → the chat's links (chats.getInvites, revoked ones included), newest first. */
  readonly invites = signal<ReadonlyMap<number, readonly Invite[]>>(new Map());

  constructor(private readonly client: () => ParleyClient) {}

  reset(): void {
    this.invites.value = new Map();
  }

  async load(chatId: number): Promise<Moderation> {
    const { entries } = await this.client().invoke('chats.getAdminLog', { chatId, limit: 100 });
    return moderationFromLog(entries, Math.floor(Date.now() / 1000));
  }

  async setAdmin(chatId: number, userId: number, rights: AdminRights): Promise<void> {
    await this.client().invoke('chats.setAdmin', { chatId, userId, rights });
  }

  async ban(chatId: number, userId: number, untilDate: number): Promise<void> {
    await this.client().invoke('chats.banMember', { chatId, userId, ...(untilDate > 0 ? { untilDate } : {}) });
  }

  async unban(chatId: number, userId: number): Promise<void> {
    await this.client().invoke('chats.unbanMember', { chatId, userId });
  }

  async restrict(chatId: number, userId: number, permissions: MemberPermissions, untilDate: number): Promise<void> {
    await this.client().invoke('chats.restrictMember', { chatId, userId, permissions, ...(untilDate > 0 ? { untilDate } : {}) });
  }

  async setDefaultPermissions(chatId: number, permissions: MemberPermissions): Promise<void> {
    await this.client().invoke('chats.setDefaultPermissions', { chatId, permissions });
  }

  async setSlowMode(chatId: number, seconds: number): Promise<void> {
    await this.client().invoke('chats.setSlowMode', { chatId, seconds });
  }

  async setDiscussionGroup(channelId: number, groupId: number | null): Promise<void> {
    await this.client().invoke('channels.setDiscussionGroup', { channelId, ...(groupId !== null ? { groupId } : {}) });
  }

  /** Every link of the chat, whoever created it (the server lists them to everyone who may invite). */
  async loadInvites(chatId: number): Promise<void> {
    const { invites } = await this.client().invoke('chats.getInvites', { chatId, revoked: true });
    this.invites.value = new Map(this.invites.value).set(chatId, invites);
  }

  async createInvite(chatId: number, expireDate: number, usageLimit: number, requestNeeded: boolean): Promise<Invite> {
    const invite = await this.client().invoke('chats.createInvite', {
      chatId,
      ...(expireDate > 0 ? { expireDate } : {}),
      ...(usageLimit > 0 && !requestNeeded ? { usageLimit } : {}),
      requestNeeded,
    });
    const next = new Map(this.invites.value);
    next.set(chatId, [invite, ...(next.get(chatId) ?? [])]);
    this.invites.value = next;
    return invite;
  }

  async revokeInvite(chatId: number, token: string): Promise<void> {
    await this.client().invoke('chats.revokeInvite', { chatId, token });
    const next = new Map(this.invites.value);
    next.set(chatId, (next.get(chatId) ?? []).map((i) => (i.token === token ? { ...i, revoked: true } : i)));
    this.invites.value = next;
  }

  async joinRequests(chatId: number): Promise<{ userId: number; date: number }[]> {
    return (await this.client().invoke('chats.getJoinRequests', { chatId })).requests;
  }

  async decide(chatId: number, userId: number, approve: boolean): Promise<void> {
    await this.client().invoke('chats.decideJoinRequest', { chatId, userId, approve });
  }
}
