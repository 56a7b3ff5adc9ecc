import { signal } from '@preact/signals';
import type { Me } from '../protocol/account';
import { anonymous, ParleyClient } from '../protocol/client';
import { Connection, type ConnectionStatus } from '../protocol/connection';
import type { UpdateBatch } from '../protocol/envelope';
import type { ParleyError } from '../protocol/errors';
import { webSocketUrl } from '../protocol/http';
import type { Update } from '../protocol/messaging';
import { PtsStore } from '../protocol/ptsStore';
import { UpdateSync } from '../protocol/sync';
import { ChannelSync } from '../protocol/channelSync';
import { channelsSource, updatesSource } from '../protocol/updates';
import { ChatStore } from './chatStore';
import { CommentStore } from './comments';
import { MessageCache, restore, snapshot } from './messageCache';
import { ModerationStore } from './moderation';
import { deviceName } from './device';
import { parseRoute, routeHash, type Route } from './routes';
import { forgetSession, loadSession, saveSession, type StoredSession } from './storedSession';
import type { SecureSession } from '../e2e/session';

export type UpdateHandler = (updates: unknown[]) => void;
export type ResyncHandler = () => Promise<void>;

/**
 * The application's session-level state and the one place that owns the connection. Feature screens (chats,
 * settings) read its signals and call through `client`; the messaging store plugs into the update stream with
 * `onUpdates`/`onResync`.
 */
export class App {
  readonly session = signal<StoredSession | null>(null);
  readonly status = signal<ConnectionStatus>('stopped');
  readonly me = signal<Me | null>(null);
  readonly route = signal<Route>({ name: 'chats' });
  /** A message shown once on the login screen (e.g. why the user was logged out). */
  readonly notice = signal<string | null>(null);
  readonly chats: ChatStore;
  readonly comments: CommentStore;
  readonly moderation: ModerationStore;
  /** The end-to-end layer (web/src/e2e), started after login from a lazily loaded chunk; null until it runs. */
  readonly e2e = signal<SecureSession | null>(null);
  private e2eStarting = false;

  private connection: Connection | null = null;
  private clientInstance: ParleyClient | null = null;
  private sync: UpdateSync<unknown> | null = null;
  private channelSync: ChannelSync<unknown> | null = null;
  private readonly updateHandlers = new Set<UpdateHandler>();
  private readonly resyncHandlers = new Set<ResyncHandler>();
  private readonly sessionEndHandlers = new Set<() => void>();
  private readonly pts: PtsStore;
  private readonly cache: MessageCache;
  /** The pending write of the message cache (one per second at most) and the subscription that schedules it. */
  private cacheTimer: ReturnType<typeof setTimeout> | null = null;
  private stopCaching: (() => void) | null = null;
  /** The last write, awaited before the cache is cleared so it cannot land after the clear. */
  private cacheWrite: Promise<void> = Promise.resolve();
  /** Whether this page has synced since the session started (the in-memory state is then not empty). */
  private synced = false;

  constructor(
    private readonly storage: Storage,
    private readonly location: Location,
    private readonly sessionEndedText: string,
  ) {
    this.pts = new PtsStore(indexedDB);
    this.cache = new MessageCache(indexedDB);
    this.chats = new ChatStore(
      () => this.client,
      () => this.session.value?.userId ?? 0,
      {
        follow: (chatId, seq) => this.channelSync?.track(chatId, seq),
        unfollow: (chatId) => this.channelSync?.forget(chatId),
      },
    );
    this.comments = new CommentStore(() => this.client);
    this.moderation = new ModerationStore(() => this.client);
    this.onUpdates((updates) => this.chats.apply(updates));
    this.onUpdates((updates) => this.comments.apply(updates));
    this.onUpdates((updates) => this.e2e.value?.onUpdates(updates));
    this.onResync(() => this.chats.loadDialogs());
    this.onSessionEnd(() => this.chats.reset());
    this.onSessionEnd(() => this.comments.reset());
    this.onSessionEnd(() => this.moderation.reset());
    this.route.value = parseRoute(location.hash);
    globalThis.addEventListener('hashchange', () => {
      this.route.value = parseRoute(this.location.hash);
    });
    const stored = loadSession(storage);
    if (stored) this.start(stored);
  }

  get client(): ParleyClient {
    if (!this.clientInstance) throw new Error('no session');
    return this.clientInstance;
  }

  navigate(route: Route): void {
    const hash = routeHash(route);
    if (this.location.hash !== hash) this.location.hash = hash;
    this.route.value = route;
  }

  onUpdates(handler: UpdateHandler): () => void {
    this.updateHandlers.add(handler);
    return () => this.updateHandlers.delete(handler);
  }

  onResync(handler: ResyncHandler): () => void {
    this.resyncHandlers.add(handler);
    return () => this.resyncHandlers.delete(handler);
  }

  onSessionEnd(handler: () => void): () => void {
    this.sessionEndHandlers.add(handler);
    return () => this.sessionEndHandlers.delete(handler);
  }

  async login(username: string, password: string): Promise<void> {
    const result = await anonymous.login({ username, password, deviceName: deviceName(navigator.userAgent) });
    this.begin({ token: result.token, userId: result.userId, sessionId: result.sessionId });
  }

  async register(username: string, password: string, displayName: string): Promise<void> {
    const params = { username, password, deviceName: deviceName(navigator.userAgent), ...(displayName ? { displayName } : {}) };
    const result = await anonymous.register(params);
    this.begin({ token: result.token, userId: result.userId, sessionId: result.sessionId });
  }

  /** Ends this session on the server, then locally (locally even if the server cannot be reached). */
  async logout(): Promise<void> {
    try {
      await this.client.logout();
    } catch (error) {
      console.warn('auth.logout failed; forgetting the session locally', error);
    }
    await this.end(null);
  }

  /** After account.delete or a revoked session: forget everything about this account on this device. */
  async end(notice: string | null): Promise<void> {
    const session = this.session.value;
    this.connection?.stop();
    this.connection = null;
    this.clientInstance = null;
    this.sync = null;
    this.channelSync = null;
    this.synced = false;
    this.session.value = null;
    this.me.value = null;
    this.status.value = 'stopped';
    forgetSession(this.storage);
    this.stopCaching?.();
    this.stopCaching = null;
    if (this.cacheTimer !== null) clearTimeout(this.cacheTimer);
    this.cacheTimer = null;
    this.e2e.value?.stop();
    this.e2e.value = null;
    this.chats.encrypted = null;
    if (session) {
      const clearCache = this.cacheWrite.then(() => this.cache.clear(session.userId)).catch((error: unknown) => console.warn('message cache not cleared', error));
      await Promise.all([this.pts.clear(session.userId), clearCache]);
    }
    if (session) await import('../e2e/store').then((m) => m.EncryptedIdbStore.destroy(indexedDB, this.storage, session.userId, session.sessionId)).catch(() => undefined);
    this.sessionEndHandlers.forEach((handler) => handler());
    this.notice.value = notice;
    this.navigate({ name: 'login' });
  }

  private begin(session: StoredSession): void {
    saveSession(this.storage, session);
    this.notice.value = null;
    this.start(session);
    // Logging in from an invite link's page continues to that link.
    this.navigate(this.route.value.name === 'join' ? this.route.value : { name: 'chats' });
  }

  private start(session: StoredSession): void {
    const connection = new Connection({
      url: webSocketUrl(this.location),
      token: session.token,
      onStatus: (status) => (this.status.value = status),
      onReady: () => this.onReady(),
      onUpdates: (batch) => void this.sync?.push(batch as UpdateBatch<unknown>).catch(() => undefined),
      onChatUpdates: (batch) => void this.channelSync?.push(batch).catch(() => undefined),
      onSessionEnded: (error: ParleyError) => void this.end(error.code ? this.sessionEndedText : null),
    });
    const client = new ParleyClient(connection);
    this.connection = connection;
    this.clientInstance = client;
    this.session.value = session;
    this.sync = new UpdateSync(
      updatesSource(client),
      {
        loadPts: () => this.pts.load(session.userId),
        savePts: (pts) => this.pts.save(session.userId, pts),
        apply: (updates) => this.updateHandlers.forEach((handler) => handler(updates)),
        resync: async () => {
          for (const handler of this.resyncHandlers) await handler();
        },
      },
      { onError: (error) => console.warn('update sync failed; will retry on the next connect', error) },
    );
    this.channelSync = new ChannelSync(
      channelsSource(client),
      {
        apply: (updates) => this.updateHandlers.forEach((handler) => handler(updates)),
        discovered: (chatId) => void this.chats.fetchChat(chatId),
        adopt: (batch) =>
          batch.updates.some((raw) => {
            const u = raw as Update;
            return u.type === 'chatMembership' && u.action === 'added' && u.userIds.includes(session.userId);
          }),
      },
      (error) => console.warn('large chat sync failed; will retry on the next connect', error),
    );
    connection.start();
    this.startCaching(session.userId);
  }

  /** Shows the cached chats and messages of this account at once, then keeps the cache current. */
  private startCaching(userId: number): void {
    this.cache.load(userId).then(
      (record) => {
        const cached = restore(record);
        if (cached && this.session.value?.userId === userId) this.chats.restoreCached(cached.state, cached.users);
      },
      (error: unknown) => console.warn('message cache unavailable', error),
    );
    const saved: { chats?: unknown; histories?: unknown; users?: unknown } = {};
    this.stopCaching = this.chats.state.subscribe(() => {
      if (this.cacheTimer !== null || !this.chats.loaded.value) return;
      this.cacheTimer = setTimeout(() => {
        this.cacheTimer = null;
        if (this.session.value?.userId !== userId) return;
        // Typing notices and pending sends change the state too, but nothing the cache keeps.
        const { chats, histories } = this.chats.state.value;
        const users = this.chats.users.value;
        if (saved.chats === chats && saved.histories === histories && saved.users === users) return;
        Object.assign(saved, { chats, histories, users });
        this.cacheWrite = this.cache
          .save(userId, snapshot(this.chats.state.value, this.chats.users.value, Date.now()))
          .catch((error: unknown) => console.warn('message cache not saved', error));
      }, 1000);
    });
  }

  private onReady(): void {
    const client = this.clientInstance;
    if (!client) return;
    client.getMe().then(
      (me) => (this.me.value = me),
      (error: unknown) => console.warn('account.getMe failed', error),
    );
    // Failures are reported through UpdateSync's onError; the next connect starts over from the saved pts.
    if (this.synced) {
      void this.sync?.catchUp().catch(() => undefined);
      void this.channelSync?.catchUp().catch(() => undefined);
    } else {
      this.synced = true;
      void this.sync?.rebase().catch(() => {
        this.synced = false;
      });
      void this.channelSync?.rebase().catch(() => {
        this.synced = false;
      });
    }
    this.chats.retryInterrupted();
    this.startE2e(client);
  }

  /** Registers this device for end-to-end encryption (once per page) and catches its groups up on reconnects. */
  private startE2e(client: ParleyClient): void {
    const session = this.session.value;
    if (this.e2e.value) {
      void this.e2e.value.refresh();
      return;
    }
    if (!session || this.e2eStarting) return;
    this.e2eStarting = true;
    import('../e2e/session')
      .then((m) => m.SecureSession.start(client, this.chats, session.userId, session.sessionId))
      .then(
        (secure) => {
          if (this.clientInstance !== client) return secure.stop();
          this.chats.encrypted = secure;
          this.e2e.value = secure;
        },
        (error: unknown) => console.warn('end-to-end encryption could not start; retrying on the next connect', error),
      )
      .finally(() => (this.e2eStarting = false));
  }
}
