import type { ClientState } from 'ts-mls';
import { ParleyError } from '../protocol/errors';
import { newRandomId, type Message } from '../protocol/messaging';
import { fromBase64, toBase64 } from './bytes';
import * as mls from './engine';
import { bundlesOf, identityOf, type E2eState, type Meta, type StoredDevice } from './state';
import { keepPayload, storedMessage, withMeta, type Payload } from './payload';
import { displaySafetyNumber, safetyNumber, type DeviceKey } from './safetyNumber';
import { register, replenish } from './deviceSetup';
import * as api from './wire';
import { E2eErrors } from './wire';

const ATTEMPTS = 3;
const DIFFERENCE_PAGE = 1000;
/** How often a device refreshes its own leaf keys in each group it sends to (post-compromise security), as Java. */
export const SELF_UPDATE_INTERVAL_MS = 7 * 24 * 3600 * 1000;

export interface Caller {
  call(method: string, params?: unknown): Promise<unknown>;
}

export interface RosterCheck {
  readersNotMembers: number[];
  membersNotReaders: number[];
}

export interface Verification {
  safetyNumber: string;
  theirKeys: DeviceKey[];
  changed: boolean;
}

/**
 * End-to-end encrypted chats for one browser session, the protocol of the Java SDK's SecureChats step for step
 * (docs/protocol/e2e.md, "Client algorithm"): its own cursor over updates.getDifference; handshakes, welcomes and
 * ciphertexts applied in log order; the chat's group created by whichever member first needs it (a loser of that
 * race joins the winner's by its Welcome); the roster reconciled with the device directory before every send;
 * commits adopted only once the delivery service accepted them, rebased after STALE_EPOCH. Every public method runs
 * alone (one promise chain), because each MLS step consumes the state the previous one produced.
 */
export class SecureChats {
  private chain: Promise<unknown> = Promise.resolve();
  /** Each chat's disappearing-message timer (seconds), as stored. */
  private readonly timers = new Map<number, number>();

  private constructor(
    private readonly client: Caller,
    private readonly state: E2eState,
    private device: StoredDevice,
    private readonly now: () => number,
  ) {}

  /** Opens the session's state, registering the device and uploading key packages the first time. */
  static async open(client: Caller, state: E2eState, userId: number, sessionId: number, now: () => number = Date.now): Promise<SecureChats> {
    const saved = await state.device();
    if (saved && (saved.sessionId !== sessionId || saved.userId !== userId)) {
      throw new ParleyError(E2eErrors.FORBIDDEN, 'this end-to-end state belongs to another session');
    }
    const device = await replenish(client, state, saved ?? (await register(client, state, userId, sessionId)));
    const chats = new SecureChats(client, state, device, now);
    for (const [chatId, seconds] of Object.entries(await state.timers())) chats.timers.set(Number(chatId), seconds);
    return chats;
  }

  get deviceId(): number {
    return this.device.deviceId;
  }

  get userId(): number {
    return this.device.userId;
  }

  // ---- chats ------------------------------------------------------------------------------------------------

  /** chats.createPrivate asking for an encrypted chat (an existing chat with the user is returned as is). */
  createPrivate(userId: number): Promise<api.Chat> {
    return this.client.call('chats.createPrivate', { userId, e2e: true }).then((r) => (r as { chat: api.Chat }).chat);
  }

  /** An encrypted group: created with the caller alone, then the members are committed into it. */
  async createGroup(title: string, memberIds: readonly number[]): Promise<api.Chat> {
    const created = (await this.client.call('chats.createGroup', { title, memberIds: [], e2e: true })) as { chat: api.Chat };
    const chatId = created.chat.chatId;
    const others = [...new Set(memberIds.filter((id) => id !== this.userId))];
    if (others.length > 0) await this.serial(() => this.ensureGroup(chatId, others));
    return ((await this.client.call('chats.get', { chatId })) as { chat: api.Chat }).chat;
  }

  /** Adds someone to an encrypted group with the commit that adds their devices (owner and admins). */
  addMember(chatId: number, userId: number): Promise<api.HandshakeAccepted> {
    return this.serial(async () => {
      await this.catchUpNow();
      const founding = await this.ensureGroup(chatId, [userId]);
      if (founding) return founding;
      return this.retried(async () => {
        const added = await this.addDevices(chatId, await this.group(chatId), [userId], [userId]);
        if (!added) throw new ParleyError(E2eErrors.DEVICE_NOT_FOUND, `user ${userId} has no device that can join an encrypted chat yet`);
        return added;
      });
    });
  }

  /** Removes someone from an encrypted group with the commit that removes their devices. */
  removeMember(chatId: number, userId: number): Promise<api.HandshakeAccepted> {
    return this.serial(async () => {
      await this.catchUpNow();
      await this.ensureGroup(chatId, []);
      return this.retried(async () => {
        const group = await this.group(chatId);
        const leaves = mls.members(group).filter((m) => m.credential.userId === userId).map((m) => m.leafIndex);
        // Membership changes only with a commit: without devices to remove, an empty one carries the change.
        const commit = leaves.length === 0 ? await mls.selfUpdate(group) : await mls.removeMembers(group, leaves);
        return this.commit(chatId, commit, [], [], [userId]);
      });
    });
  }

  /** The chat's MLS epoch on this device (each accepted commit is one epoch). */
  epoch(chatId: number): Promise<number> {
    return this.serial(async () => mls.epoch(await this.group(chatId)));
  }

  /**
   * The chat's MLS members compared with its member list from the server, as the Java SDK's checkRoster:
   * `readersNotMembers` have a device in the group but are not listed (they can read what is sent: a warning sign, or
   * a removal not committed yet); `membersNotReaders` are listed without a device in the group (they cannot read it).
   */
  checkRoster(chatId: number): Promise<RosterCheck> {
    return this.serial(async () => {
      await this.catchUpNow();
      const readers = new Set(mls.members(await this.group(chatId)).map((m) => m.credential.userId));
      const members = new Set(await this.memberIds(chatId));
      readers.delete(this.userId);
      members.delete(this.userId);
      return {
        readersNotMembers: [...readers].filter((id) => !members.has(id)).sort((a, b) => a - b),
        membersNotReaders: [...members].filter((id) => !readers.has(id)).sort((a, b) => a - b),
      };
    });
  }

  /** Whether this device holds the chat's MLS group (joined, and not removed since). */
  hasGroup(chatId: number): Promise<boolean> {
    return this.serial(async () => (await this.state.group(chatId)) !== undefined);
  }

  // ---- messages ---------------------------------------------------------------------------------------------

  /**
   * Encrypts and sends a text message exactly once (one randomId for every attempt), replying to `replyTo` if given
   * (inside the payload: the server never learns what it answers). Catches up first, creates the group if nobody has,
   * reconciles the roster; a send that loses a race with a commit catches up and encrypts again.
   */
  send(chatId: number, text: string, randomId: number = newRandomId(), replyTo?: number): Promise<api.Sent> {
    return this.serial(async () => {
      const sent = await this.sendPayload(chatId, replyTo === undefined ? { text } : { text, replyTo }, randomId);
      const meta = (await this.state.metas(chatId))[String(sent.message.id)];
      return { ...sent, message: withMeta({ ...sent.message, text }, meta) };
    });
  }

  /**
   * Edits one of this user's messages: the new text goes as an edit (a message of its own, docs/protocol/e2e.md
   * "Payload") that every device applies to the original. Returns the original as edited. Only the author's edits
   * are applied anywhere, so editing someone else's message is refused here.
   */
  edit(chatId: number, messageId: number, text: string, randomId: number = newRandomId()): Promise<Message> {
    return this.serial(async () => {
      await this.catchUpNow();
      const original = (await this.state.metas(chatId))[String(messageId)];
      if (!original || original.edit !== undefined || (await this.text(chatId, messageId)) === undefined) {
        throw new ParleyError(E2eErrors.MESSAGE_NOT_FOUND, `message ${messageId} is not readable here`);
      }
      if (original.senderId !== this.userId) throw new ParleyError(E2eErrors.FORBIDDEN, 'only the author of a message can edit it');
      await this.sendPayload(chatId, { text, edit: messageId }, randomId);
      const stored = await this.stored(chatId, messageId);
      if (!stored) throw new ParleyError(E2eErrors.MESSAGE_NOT_FOUND, `message ${messageId} is not readable here`);
      return stored;
    });
  }

  /**
   * What a decrypted message means here: undefined for an ordinary message; for an edit, the message it names as
   * edited when this edit is the one applied to it, else `ignored` (not by the author, or older than the one shown).
   */
  editOf(message: Message & { ciphertext?: string }): Promise<Message | 'ignored' | undefined> {
    return this.serial(async () => {
      if (!message.ciphertext || message.deleted) return undefined;
      const metas = await this.state.metas(message.chatId);
      const target = metas[String(message.id)]?.edit;
      if (target === undefined) return undefined;
      if (metas[String(target)]?.editId !== message.id) return 'ignored';
      return (await this.stored(message.chatId, target)) ?? 'ignored';
    });
  }

  private async sendPayload(chatId: number, content: Payload, randomId: number): Promise<api.Sent> {
    if (!content.text.trim()) throw new ParleyError(E2eErrors.MESSAGE_EMPTY, 'the text is empty');
    await this.catchUpNow();
    await this.ensureGroup(chatId, []);
    await this.reconcile(chatId);
    await this.renewIfDue(chatId);
    const payload = new TextEncoder().encode(JSON.stringify(content));
    for (let attempt = 1; ; attempt++) {
      const sealed = await mls.protect(await this.group(chatId), payload);
      // Saved before sending: a ratchet position is never used twice, even if this send fails.
      await this.state.saveGroup(chatId, sealed.state);
      try {
        const sent = (await this.client.call('e2e.sendMessage', { chatId, ciphertext: toBase64(sealed.message), randomId })) as api.Sent;
        await this.keep(chatId, sent.message.id, this.userId, sent.message.date, content);
        return sent;
      } catch (error) {
        if (!isStale(error) || attempt === ATTEMPTS) throw error;
        await this.catchUpNow();
      }
    }
  }

  private keep(chatId: number, messageId: number, senderId: number | undefined, date: number | undefined, payload: Payload): Promise<void> {
    return keepPayload(this.state, chatId, messageId, senderId, date, payload);
  }

  private stored(chatId: number, messageId: number): Promise<Message | undefined> {
    return storedMessage(this.state, chatId, messageId, this.userId);
  }



  /** The text this device decrypted (or sent) for a message, if any. */
  async text(chatId: number, messageId: number): Promise<string | undefined> {
    return (await this.state.plaintexts(chatId))[String(messageId)];
  }

  /** Whether a message of the chat is older than the chat's disappearing-message timer. */
  expired(chatId: number, date: number | undefined): boolean {
    const seconds = this.timers.get(chatId);
    return seconds !== undefined && seconds > 0 && date !== undefined && date < this.now() / 1000 - seconds;
  }

  /** The chat's disappearing-message timer in seconds, 0 when off. */
  timerOf(chatId: number): number {
    return this.timers.get(chatId) ?? 0;
  }

  /** e2e.setTimer: messages of the chat disappear after `seconds` (0 turns it off), on every device and the server. */
  setTimer(chatId: number, seconds: number): Promise<void> {
    return this.serial(async () => {
      await this.client.call('e2e.setTimer', { chatId, seconds });
      await this.catchUpNow();
    });
  }

  /**
   * Disappearing messages on this device: texts older than their chat's timer are forgotten (the server deletes the
   * ciphertext in its housekeeping; this covers the copy decrypted here, also while the server has not yet).
   */
  private async expireTexts(): Promise<void> {
    const now = this.now() / 1000;
    for (const [chatId, seconds] of this.timers) if (seconds > 0) await this.state.forgetBefore(chatId, now - seconds);
  }

  /** The message with its decrypted text when this device could read it; others are returned as they are. */
  async reveal(message: Message & { ciphertext?: string }): Promise<Message> {
    if (!message.ciphertext || message.deleted) return message;
    if (this.expired(message.chatId, message.date)) {
      await this.serial(() => this.expireTexts());
      return { ...message, text: '' };
    }
    let text = await this.text(message.chatId, message.id);
    if (text === undefined) {
      await this.catchUp();
      text = await this.text(message.chatId, message.id);
    }
    if (text === undefined) return message;
    return withMeta({ ...message, text }, (await this.state.metas(message.chatId))[String(message.id)]);
  }

  /** The payload details this device keeps for a chat's messages (reply targets, edits), by message id. */
  metas(chatId: number): Promise<Record<string, Meta>> {
    return this.state.metas(chatId);
  }

  /**
   * The safety number of this user and `userId` over both users' current device keys; remembers their keys so the
   * next verification says whether they changed.
   */
  verify(userId: number): Promise<Verification> {
    return this.serial(async () => {
      if (userId === this.userId) throw new ParleyError(E2eErrors.PEER_INVALID, 'a safety number is between two different users');
      const [mine, theirs] = (await this.devicesOf([this.userId, userId])).map(keysOf);
      if (!mine || !theirs || theirs.length === 0) throw new ParleyError(E2eErrors.DEVICE_NOT_FOUND, `user ${userId} has no device keys yet`);
      const seen = await this.state.contactKeys(userId);
      const changed = seen !== undefined && keySet(seen) !== keySet(theirs);
      await this.state.saveContactKeys(userId, theirs);
      return { safetyNumber: displaySafetyNumber(safetyNumber(mine, theirs)), theirKeys: theirs, changed };
    });
  }

  // ---- applying the log -------------------------------------------------------------------------------------

  /** Applies every update since this device's cursor: welcomes, handshakes and ciphertexts, in log order. */
  catchUp(): Promise<void> {
    return this.serial(() => this.catchUpNow());
  }

  private async catchUpNow(): Promise<void> {
    for (;;) {
      const page = (await this.client.call('updates.getDifference', { pts: this.device.pts, limit: DIFFERENCE_PAGE })) as api.Difference;
      if (page.tooLong) {
        // The missing handshakes are gone: groups this device was in must re-add it (a new Welcome).
        console.warn('end-to-end cursor older than the server log; skipping to pts', page.state.pts);
        await this.advance(page.state.pts);
        return;
      }
      for (const update of page.updates ?? []) await this.apply(update);
      await this.advance(Math.max(this.device.pts, page.state.pts));
      if (page.final !== false) return this.expireTexts();
    }
  }

  private async advance(pts: number): Promise<void> {
    this.device = { ...this.device, pts };
    await this.state.saveDevice(this.device);
  }

  private async apply(update: api.LogUpdate): Promise<void> {
    switch (update.type) {
      case 'e2eWelcome':
        return this.welcome(update.chatId, update.welcomeId, update.deviceIds, update.epoch, update.message);
      case 'e2eHandshake':
        return this.handshake(update);
      case 'newMessage':
        if (update.message.ciphertext) await this.decrypt(update.message);
        return;
      case 'deleteMessages':
        if (update.forEveryone) await this.state.forgetPlaintexts(update.chatId, update.ids);
        return;
      case 'chatDeleted':
        return this.state.forgetChat(update.chatId);
      case 'e2eTimer':
        this.timers.set(update.chatId, update.seconds);
        return this.state.saveTimer(update.chatId, update.seconds);
      default:
        return;
    }
  }

  private async welcome(chatId: number, welcomeId: number, deviceIds: readonly number[], epoch: number, message: string | undefined): Promise<void> {
    if (!deviceIds.includes(this.deviceId)) return;
    const current = await this.state.group(chatId);
    if (current && mls.epoch(current) >= epoch) return;
    const welcome = message ?? (await this.welcomes()).find((w) => w.welcomeId === welcomeId)?.message;
    if (!welcome) {
      console.warn(`the Welcome ${welcomeId} to chat ${chatId} expired before this device read it`);
      return;
    }
    try {
      const joined = await mls.joinFromWelcome(identityOf(this.device), bundlesOf(this.device), fromBase64(welcome));
      await this.state.saveGroup(chatId, joined.state);
      if (!joined.used.lastResort) {
        const used = toBase64(joined.used.keyPackage);
        this.device = { ...this.device, keyPackages: this.device.keyPackages.filter((b) => b.keyPackage !== used) };
        await this.state.saveDevice(this.device);
      }
    } catch (error) {
      console.warn(`cannot join chat ${chatId} from Welcome ${welcomeId}`, error);
    }
  }

  private async handshake(h: api.HandshakeUpdate): Promise<void> {
    const pending = await this.state.pendingCommit(h.chatId);
    if (pending && pending.seq === h.seq) {
      // The echo of our own accepted commit: from here on the log is of the epoch it made.
      await this.state.saveGroup(h.chatId, pending.state);
      await this.state.deletePendingCommit(h.chatId);
      return;
    }
    const current = await this.state.group(h.chatId);
    // Not in the group yet, or already past this epoch (our own commit, adopted when the server accepted it).
    if (!current || h.epoch < mls.epoch(current)) return;
    try {
      const outcome = await mls.handle(current, fromBase64(h.message));
      if (outcome.kind === 'removed') await this.state.deleteGroup(h.chatId);
      else await this.state.saveGroup(h.chatId, outcome.state);
    } catch (error) {
      console.warn(`cannot apply handshake ${h.seq} of chat ${h.chatId}`, error);
    }
  }

  private async decrypt(message: Message & { ciphertext?: string }): Promise<void> {
    const current = await this.state.group(message.chatId);
    if (!current || !message.ciphertext || (await this.text(message.chatId, message.id)) !== undefined) return;
    try {
      const opened = await mls.unprotect(current, fromBase64(message.ciphertext));
      await this.state.saveGroup(message.chatId, opened.state);
      const payload = JSON.parse(new TextDecoder().decode(opened.plaintext)) as { text?: unknown; replyTo?: unknown; edit?: unknown };
      if (typeof payload.text !== 'string') throw new Error('the payload has no text');
      const replyTo = typeof payload.replyTo === 'number' ? payload.replyTo : undefined;
      const edit = typeof payload.edit === 'number' ? payload.edit : undefined;
      await this.keep(message.chatId, message.id, message.senderId, message.date, { text: payload.text, replyTo, edit });
    } catch (error) {
      console.warn(`cannot decrypt message ${message.id} of chat ${message.chatId}`, error);
    }
  }

  // ---- the group and its roster -----------------------------------------------------------------------------

  private async group(chatId: number): Promise<ClientState> {
    const group = await this.state.group(chatId);
    if (!group) {
      throw new ParleyError(E2eErrors.E2E_HANDSHAKE_REQUIRED, `this device is not in the encrypted group of chat ${chatId} yet: a member adds it when they next send`);
    }
    return group;
  }

  /**
   * The chat's group on this device, created if no member has created it yet: its first commit adds every device of
   * the members (and of `addUserIds`, who join the chat with it) and claims the group (epoch 0 → 1); a creator that
   * loses the race (STALE_EPOCH) drops its own and joins the winner's by its Welcome. While nobody else has a
   * device the group is kept here uncommitted at epoch 0 (readable by this device alone); the commit that first adds
   * someone claims it, unless another member's device claimed the chat first, whose Welcome then replaces it.
   * Returns the founding commit if this call made it.
   */
  private async ensureGroup(chatId: number, addUserIds: readonly number[]): Promise<api.HandshakeAccepted | undefined> {
    if (await this.state.group(chatId)) return undefined;
    const info = (await this.client.call('e2e.getGroup', { chatId })) as api.Group;
    if (info.epoch === 0) {
      const created = await mls.createGroup(identityOf(this.device), fromBase64(info.groupId));
      try {
        const users = await this.memberIds(chatId);
        for (const u of addUserIds) if (!users.includes(u)) users.push(u);
        const founded = await this.addDevices(chatId, created, users, addUserIds);
        if (!founded) await this.state.saveGroup(chatId, created);
        await this.state.saveRenewedAt(chatId, this.now());
        return founded;
      } catch (error) {
        // Never keep a group the server has not accepted: it would fork from the group that wins.
        await this.state.deleteGroup(chatId);
        if (!isStale(error)) throw error;
        await this.catchUpNow();
      }
    }
    if (!(await this.state.group(chatId))) {
      for (const w of (await this.welcomes()).filter((w) => w.chatId === chatId)) {
        await this.welcome(chatId, w.welcomeId, [this.deviceId], w.epoch, w.message);
      }
    }
    await this.group(chatId);
    return undefined;
  }

  /**
   * Refreshes this device's leaf keys with an empty commit when its last one in this group is older than a week, so
   * a leaked key stops opening new messages. A group alone on this device has nobody to commit to and is skipped.
   */
  private async renewIfDue(chatId: number): Promise<void> {
    const renewed = await this.state.renewedAt(chatId);
    if (renewed === undefined) {
      // A group from before renewals were recorded: its clock starts now.
      await this.state.saveRenewedAt(chatId, this.now());
      return;
    }
    if (this.now() - renewed < SELF_UPDATE_INTERVAL_MS || mls.members(await this.group(chatId)).length < 2) return;
    await this.retried(async () => this.commit(chatId, await mls.selfUpdate(await this.group(chatId)), [], [], []));
  }

  /** Adds the members' devices missing from the roster and removes the devices that should no longer read it. */
  private reconcile(chatId: number): Promise<void> {
    return this.retried(async () => {
      const members = await this.memberIds(chatId);
      await this.addDevices(chatId, await this.group(chatId), members, []);
      const group = await this.group(chatId);
      const listed = new Set<number>();
      for (const u of await this.devicesOf(members)) for (const d of u.devices) listed.add(d.deviceId);
      const own = mls.ownLeafIndex(group);
      const gone = mls
        .members(group)
        .filter((m) => m.leafIndex !== own)
        .filter((m) => !members.includes(m.credential.userId) || !listed.has(m.credential.deviceId))
        .map((m) => m.leafIndex);
      if (gone.length > 0) await this.commit(chatId, await mls.removeMembers(group, gone), [], [], []);
    });
  }

  /**
   * Claims a key package for every device of `userIds` not in the group yet and commits their addition (with
   * `addUserIds` for people who join the chat with it). Every added leaf must carry exactly the key the directory
   * lists for that device, so the server cannot slip in a key of its own. Undefined when there was nobody to add.
   */
  private async addDevices(chatId: number, group: ClientState, userIds: readonly number[], addUserIds: readonly number[]): Promise<api.HandshakeAccepted | undefined> {
    const inGroup = new Set(mls.members(group).map((m) => m.credential.deviceId));
    const directory = new Map<number, api.Device & { userId: number }>();
    for (const u of await this.devicesOf(userIds)) for (const d of u.devices) directory.set(d.deviceId, { ...d, userId: u.userId });
    const missing = [...directory.keys()].some((d) => d !== this.deviceId && !inGroup.has(d));
    const claimed =
      missing || addUserIds.length > 0
        ? ((await this.client.call('e2e.claimKeyPackages', { chatId, userIds })) as { keyPackages: api.ClaimedKeyPackage[] }).keyPackages.filter(
            (c) => !inGroup.has(c.deviceId) && directory.has(c.deviceId),
          )
        : [];
    for (const added of addUserIds) {
      if (!claimed.some((c) => c.userId === added)) {
        throw new ParleyError(E2eErrors.DEVICE_NOT_FOUND, `user ${added} has no device that can join an encrypted chat yet`);
      }
    }
    if (claimed.length === 0) return undefined;
    for (const c of claimed) {
      const credential = mls.keyPackageCredential(fromBase64(c.keyPackage));
      const listed = directory.get(credential.deviceId);
      if (!listed || listed.identityKey !== toBase64(credential.publicKey) || !userIds.includes(credential.userId) || listed.userId !== credential.userId) {
        throw new ParleyError(E2eErrors.MLS_MESSAGE_INVALID, `a claimed key package does not carry the key the directory lists for device ${credential.deviceId}`);
      }
    }
    const commit = await mls.addMembers(group, claimed.map((c) => fromBase64(c.keyPackage)));
    return this.commit(chatId, commit, claimed.map((c) => c.deviceId), addUserIds, []);
  }

  /** Sends a commit; once the server accepted it, its new epoch is this device's state. */
  private async commit(chatId: number, commit: mls.CommitResult, welcomeDevices: readonly number[], addUserIds: readonly number[], removeUserIds: readonly number[]): Promise<api.HandshakeAccepted> {
    const welcome = welcomeDevices.length > 0 && commit.welcome ? { message: toBase64(commit.welcome), deviceIds: welcomeDevices } : undefined;
    const accepted = (await this.client.call('e2e.sendHandshake', {
      chatId,
      message: toBase64(commit.commit),
      randomId: newRandomId(),
      ...(welcome ? { welcome } : {}),
      addUserIds,
      removeUserIds,
    })) as api.HandshakeAccepted;
    // Messages others sent before our commit in the log are of the old epoch: read with the old state; the new one is
    // adopted at the commit's echo, which the catch-up reaches (the server took the commit).
    await this.state.savePendingCommit(chatId, accepted.seq, commit.pending);
    await this.catchUpNow();
    // Every commit carries a path: this device's leaf keys are new.
    await this.state.saveRenewedAt(chatId, this.now());
    return accepted;
  }

  /** Runs a commit step again after catching up when another member's commit won the epoch. */
  private async retried<T>(step: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        if (!isStale(error) || attempt === ATTEMPTS) throw error;
        await this.catchUpNow();
      }
    }
  }

  private async memberIds(chatId: number): Promise<number[]> {
    const ids: number[] = [];
    for (;;) {
      const page = (await this.client.call('chats.getMembers', { chatId, offset: ids.length, limit: 200 })) as { members: { userId: number }[]; count: number };
      ids.push(...page.members.map((m) => m.userId));
      if (page.members.length === 0 || ids.length >= page.count) return ids;
    }
  }

  private async devicesOf(userIds: readonly number[]): Promise<api.UserDevices[]> {
    const all: api.UserDevices[] = [];
    for (let i = 0; i < userIds.length; i += 100) {
      const page = (await this.client.call('e2e.getDevices', { userIds: userIds.slice(i, i + 100) })) as { users: api.UserDevices[] };
      all.push(...page.users);
    }
    return all;
  }

  private async welcomes(): Promise<api.PendingWelcome[]> {
    return ((await this.client.call('e2e.getWelcomes', { deviceId: this.deviceId })) as { welcomes: api.PendingWelcome[] }).welcomes;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

function isStale(error: unknown): boolean {
  return error instanceof ParleyError && error.code === E2eErrors.STALE_EPOCH;
}

function keysOf(user: api.UserDevices): DeviceKey[] {
  return user.devices.map((d) => ({ userId: user.userId, deviceId: d.deviceId, publicKey: fromBase64(d.identityKey) }));
}

/** Added, removed or replaced devices change the safety number; the set of keys is what it covers. */
function keySet(keys: readonly DeviceKey[]): string {
  return keys.map((k) => toBase64(k.publicKey)).sort().join(',');
}
