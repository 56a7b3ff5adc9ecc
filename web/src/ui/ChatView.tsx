import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { Message } from '../protocol/messaging';
import type { App } from '../state/app';
import { TYPING_MS, permissions, typingIn, type PendingMessage } from '../state/chatModel';
import { BotNotice, InlineKeyboard, currentReplyKeyboard, useBotExtras, type Notice } from './BotKeyboards';
import { chatTitle, userName } from './chatTitle';
import { CommentsButton, CommentsDialog, useCommentCounts } from './Comments';
import { Composer, type Draft } from './Composer';
import { errorText } from './errorText';
import { GroupInfo } from './GroupInfo';
import { useGroupCommands } from './groupCommands';
import { ManageChat } from './ManageChat';
import { Menu, type MenuItem } from './Menu';
import { MessageBubble, PendingBubble, type OpenActions } from './MessageBubble';
import { EncryptionBadge } from './Encryption';
import { DeleteDialog, ForwardDialog, LeaveDialog } from './MessageDialogs';
import { PollDialog } from './PollDialog';
import { VirtualList } from './VirtualList';
import { ErrorAlert } from './FormFooter';

type Row = { kind: 'message'; message: Message } | { kind: 'pending'; pending: PendingMessage };

const rowKey = (row: Row) => (row.kind === 'message' ? `m${row.message.id}` : `p${row.pending.randomId}`);
const HIGHLIGHT_MS = 2000;

type Overlay =
  | { kind: 'menu'; message: Message; at: { x: number; y: number } }
  | { kind: 'reactions'; message: Message; at: { x: number; y: number }; allowed: string[] }
  | { kind: 'poll' }
  | { kind: 'delete'; message: Message }
  | { kind: 'forward'; message: Message }
  | { kind: 'group' }
  | { kind: 'leave' }
  | { kind: 'comments'; postId: number }
  | { kind: 'manage' }
  | null;

/** A header button that opens a dialog. */
function DialogButton({ label, onOpen }: { label: string; onOpen: (from: HTMLElement) => void }) {
  return (
    <button type="button" aria-haspopup="dialog" onClick={(event) => onOpen(event.currentTarget)}>
      {label}
    </button>
  );
}

/** `heights`: the row heights measured in this chat, kept by the chats screen across visits. */
export function ChatView({ app, t, chatId, heights }: { app: App; t: Strings; chatId: number; heights: Map<string, number> }) {
  const store = app.chats;
  const state = store.state.value;
  const entry = state.chats.get(chatId);
  const history = state.histories.get(chatId);
  const users = store.users.value;
  const focus = store.focus.value;
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(null);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const loadingOlder = useRef(false);
  const loadingNewer = useRef(false);
  const ready = app.status.value === 'ready';
  const bots = useBotExtras(app, entry?.chat, history?.messages);
  useCommentCounts(app, chatId, entry?.chat.kind === 'channel', history?.messages);
  const groupCommands = useGroupCommands(app, entry?.chat, history?.messages);
  const [notice, setNotice] = useState<Notice>(null);
  const [usedKeyboard, setUsedKeyboard] = useState<number | null>(null);

  useEffect(() => {
    if (!ready) return;
    setError(null);
    store.openChat(chatId).catch((failure: unknown) => setError(errorText(t, failure)));
  }, [chatId, ready, state.histories.has(chatId)]);

  // A jump (search result, reply quote): highlight the message and give it focus once it is rendered.
  const focusTarget = focus?.chatId === chatId ? focus : null;
  useEffect(() => {
    if (!focusTarget) return;
    setHighlight(focusTarget.id);
    const frame = requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`.chatview [data-message-id="${focusTarget.id}"]`)?.focus({ preventScroll: true }),
    );
    const timer = setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [focusTarget?.nonce]);

  const rows = useMemo<Row[]>(() => {
    const confirmed: Row[] = (history?.messages ?? []).map((message) => ({ kind: 'message', message }));
    // Pending sends belong after the newest message, so they show only when the newest window is loaded.
    const pending: Row[] = history?.hasNewer ? [] : state.pending.filter((p) => p.chatId === chatId).map((p) => ({ kind: 'pending', pending: p }));
    return [...confirmed, ...pending];
  }, [history, state.pending, chatId]);

  const onNearTop = useCallback(() => {
    if (loadingOlder.current) return;
    loadingOlder.current = true;
    store.loadOlder(chatId).finally(() => (loadingOlder.current = false));
  }, [chatId]);

  const onNearBottom = useCallback(() => {
    if (loadingNewer.current) return;
    loadingNewer.current = true;
    store.loadNewer(chatId).finally(() => (loadingNewer.current = false));
  }, [chatId]);

  const onVisibleEnd = useCallback(
    (index: number) => {
      const row = rows[index];
      const newest = row?.kind === 'message' ? row.message : undefined;
      if (newest && !newest.out && document.visibilityState === 'visible') void store.readUpTo(chatId, newest.id);
    },
    [rows, chatId],
  );

  const openActions = useCallback<OpenActions>((message, at, from) => {
    opener.current = from;
    setOverlay({ kind: 'menu', message, at });
  }, []);

  const typing = typingIn(state, chatId, Date.now()).map((id) => userName(id, users, t));
  useTypingExpiry(typing.length > 0);

  if (!entry) {
    return (
      <section class="chatview empty-view">
        <p class="hint">{t.loading}</p>
      </section>
    );
  }
  const chat = entry.chat;
  const pinnedTop = state.pinned.get(chatId)?.[0];
  const title = chatTitle(chat, users, t);
  const group = chat.kind === 'group';
  const large = chat.kind === 'supergroup' || chat.kind === 'channel';
  // Sender names where several people post; a channel speaks as itself (signatures come with the message).
  const showSenders = group || chat.kind === 'supergroup';
  const canPost = chat.kind !== 'channel' || chat.myRole !== 'member';
  const subtitle = chat.kind === 'channel' ? t.chats.subscribers(chat.memberCount) : chat.kind === 'private' ? '' : t.chats.members(chat.memberCount);

  /** Closes a menu or dialog; focus goes back to what opened it, or to the composer when that row is gone. */
  function closeOverlay(restoreFocus = true) {
    setOverlay(null);
    if (!restoreFocus) return;
    requestAnimationFrame(() => {
      const target = opener.current?.isConnected ? opener.current : document.querySelector<HTMLElement>('.composer textarea');
      target?.focus();
    });
  }

  /** Runs a menu action; focus goes back to the message's ⋯ button, a failure shows above the history. */
  async function act(action: () => Promise<void>) {
    setError(null);
    closeOverlay();
    try {
      await action();
    } catch (failure) {
      setError(errorText(t, failure));
    }
  }

  /** The reaction picker: a second menu of the chat's allowed reactions, at the same place. */
  async function openReactions(message: Message, at: { x: number; y: number }) {
    setError(null);
    try {
      const allowed = await store.availableReactions(chatId);
      if (allowed.length === 0) {
        setError(t.posts.noReactions);
        closeOverlay();
        return;
      }
      setOverlay({ kind: 'reactions', message, at, allowed });
    } catch (failure) {
      setError(errorText(t, failure));
      closeOverlay();
    }
  }

  function reactionItems(message: Message, allowed: string[]): MenuItem[] {
    const mine = message.reactions?.mine;
    return allowed.map((reaction) => ({
      label: reaction,
      pressed: reaction === mine,
      onSelect: () => void act(() => store.react(chatId, message.id, reaction === mine ? undefined : reaction)),
    }));
  }

  function menuItems(message: Message, at: { x: number; y: number }): MenuItem[] {
    // Encrypted chats carry replies and edits inside the MLS payload (docs/protocol/e2e.md, "Payload"); the server
    // cannot copy a ciphertext into another chat, so forwarding is cloud-only (CHAT_ENCRYPTED), as are polls.
    const plain = !chat.e2e;
    const items: MenuItem[] = canPost ? [{ label: t.chats.reply, onSelect: () => setDraft({ kind: 'reply', message }) }] : [];
    if (permissions.edit(message)) items.push({ label: t.chats.edit, onSelect: () => setDraft({ kind: 'edit', message }) });
    items.push({ label: t.posts.react, onSelect: () => void openReactions(message, at) });
    if (permissions.pin(chat)) {
      items.push(
        message.pinned
          ? { label: t.posts.unpin, onSelect: () => void act(() => store.unpin(chatId, message.id)) }
          : { label: t.posts.pin, onSelect: () => void act(() => store.pin(chatId, message.id)) },
      );
    }
    if (plain) items.push({ label: t.chats.forward, onSelect: () => setOverlay({ kind: 'forward', message }) });
    items.push({ label: t.chats.delete, danger: true, onSelect: () => setOverlay({ kind: 'delete', message }) });
    return items;
  }

  /** Opens a header dialog; focus returns to the button that opened it. */
  const openDialog = (kind: 'poll' | 'group' | 'manage' | 'leave') => (from: HTMLElement) => {
    opener.current = from;
    setOverlay({ kind });
  };

  const replyKeyboard = currentReplyKeyboard(bots.markups);

  return (
    <section class="chatview" aria-labelledby="chat-title">
      <header class="chatview-head">
        <a class="back" href="#/chats" aria-label={t.chats.back}>
          ←
        </a>
        <div class="chatview-title">
          <h2 id="chat-title">{title}</h2>
          <div class="hint" aria-live="polite">
            {typing.length > 0 ? t.chats.typing(typing.join(', ')) : subtitle}
          </div>
        </div>
        <EncryptionBadge app={app} t={t} chat={entry.chat} />
        {canPost && !chat.e2e && <DialogButton label={t.posts.newPoll} onOpen={openDialog('poll')} />}
        {group && <DialogButton label={t.chats.groupInfo} onOpen={openDialog('group')} />}
        {permissions.moderate(chat) && <DialogButton label={t.admin.manage} onOpen={openDialog('manage')} />}
        {large && <DialogButton label={t.chats.leaveChannel} onOpen={openDialog('leave')} />}
      </header>
      {pinnedTop && (
        <button type="button" class="pinned-bar" onClick={() => void store.jumpTo(chatId, pinnedTop.id)}>
          <span aria-hidden="true">📌</span> <span class="pinned-label">{t.posts.pinnedLabel}</span>{' '}
          <span class="pinned-text">{pinnedTop.poll ? `${t.posts.pinnedPoll}: ${pinnedTop.poll.question}` : pinnedTop.text}</span>
        </button>
      )}
      <ErrorAlert error={error} pad />
      <VirtualList
        items={rows}
        itemKey={rowKey}
        version={`${entry.readOutboxMaxId}:${highlight ?? ''}:${showSenders}:${bots.markups.size}`}
        estimate={56}
        heights={heights}
        label={t.chats.historyLabel(title)}
        followBottom={!history?.hasNewer}
        scrollTo={focusTarget ? { key: `m${focusTarget.id}`, nonce: focusTarget.nonce } : null}
        onNearTop={onNearTop}
        onNearBottom={onNearBottom}
        onVisibleEnd={onVisibleEnd}
        renderItem={(row) =>
          row.kind === 'message' ? (
            <MessageBubble
              message={row.message}
              group={showSenders}
              read={row.message.id <= entry.readOutboxMaxId}
              highlighted={row.message.id === highlight}
              app={app}
              t={t}
              onActions={openActions}
              footer={
                chat.kind === 'channel' && (
                  <CommentsButton
                    app={app}
                    t={t}
                    channelId={chatId}
                    postId={row.message.id}
                    onOpen={(postId, from) => {
                      opener.current = from;
                      setOverlay({ kind: 'comments', postId });
                    }}
                  />
                )
              }
              keyboard={
                bots.markups.get(row.message.id)?.inline_keyboard && (
                  <InlineKeyboard app={app} t={t} message={row.message} rows={bots.markups.get(row.message.id)?.inline_keyboard ?? []} onNotice={setNotice} />
                )
              }
            />
          ) : (
            <PendingBubble pending={row.pending} app={app} t={t} />
          )
        }
      />
      {history?.hasNewer && (
        <button type="button" class="latest" onClick={() => void store.showLatest(chatId)}>
          {t.chats.showLatest} ↓
        </button>
      )}
      {canPost ? (
        <Composer
          app={app}
          t={t}
          chatId={chatId}
          draft={draft}
          onDraftDone={() => setDraft(null)}
          commands={groupCommands.length > 0 ? groupCommands : bots.commands}
          replyKeyboard={replyKeyboard && replyKeyboard.messageId !== usedKeyboard ? replyKeyboard.markup : null}
          onReplyKeyboardUsed={() => setUsedKeyboard(replyKeyboard?.messageId ?? null)}
        />
      ) : (
        <p class="composer-note hint">{t.chats.onlyAdminsPost}</p>
      )}
      {overlay?.kind === 'menu' && (
        <Menu label={t.chats.actionsMenu} items={menuItems(overlay.message, overlay.at)} at={overlay.at} onClose={(restore) => (restore ? closeOverlay() : setOverlay((o) => (o?.kind === 'menu' ? null : o)))} />
      )}
      {overlay?.kind === 'reactions' && (
        <Menu
          label={t.posts.reactionsMenu}
          items={reactionItems(overlay.message, overlay.allowed)}
          at={overlay.at}
          grid
          onClose={(restore) => (restore ? closeOverlay() : setOverlay((o) => (o?.kind === 'reactions' ? null : o)))}
        />
      )}
      <BotNotice t={t} notice={notice} onClose={() => setNotice(null)} />
      {overlay?.kind === 'poll' && <PollDialog app={app} t={t} chatId={chatId} onClose={() => closeOverlay()} />}
      {overlay?.kind === 'delete' && <DeleteDialog app={app} t={t} message={overlay.message} onClose={() => closeOverlay()} />}
      {overlay?.kind === 'forward' && <ForwardDialog app={app} t={t} message={overlay.message} onClose={() => closeOverlay()} />}
      {overlay?.kind === 'group' && <GroupInfo app={app} t={t} chatId={chatId} onClose={() => closeOverlay()} />}
      {overlay?.kind === 'manage' && <ManageChat app={app} t={t} chatId={chatId} title={title} onClose={() => closeOverlay()} />}
      {overlay?.kind === 'comments' && <CommentsDialog app={app} t={t} channelId={chatId} postId={overlay.postId} onClose={() => closeOverlay()} />}
      {overlay?.kind === 'leave' && <LeaveDialog app={app} t={t} chatId={chatId} title={title} onClose={() => closeOverlay()} />}
    </section>
  );
}

/** Typing notices carry no "stopped" event: re-render once they may have expired. */
function useTypingExpiry(active: boolean) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setTick((n) => n + 1), TYPING_MS + 100);
    return () => clearTimeout(timer);
  });
}
