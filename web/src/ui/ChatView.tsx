import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { Message } from '../protocol/messaging';
import type { App } from '../state/app';
import { TYPING_MS, typingIn, type PendingMessage } from '../state/chatModel';
import { chatTitle, userName } from './chatTitle';
import { errorText } from './errorText';
import { messageTime } from './time';
import { VirtualList } from './VirtualList';

type Row = { kind: 'message'; message: Message } | { kind: 'pending'; pending: PendingMessage };

const rowKey = (row: Row) => (row.kind === 'message' ? `m${row.message.id}` : `p${row.pending.randomId}`);

export function ChatView({ app, t, chatId }: { app: App; t: Strings; chatId: number }) {
  const store = app.chats;
  const state = store.state.value;
  const entry = state.chats.get(chatId);
  const history = state.histories.get(chatId);
  const users = store.users.value;
  const [error, setError] = useState<string | null>(null);
  const loadingOlder = useRef(false);
  const ready = app.status.value === 'ready';

  useEffect(() => {
    if (!ready) return;
    setError(null);
    store.openChat(chatId).catch((failure: unknown) => setError(errorText(t, failure)));
  }, [chatId, ready, state.histories.has(chatId)]);

  const rows = useMemo<Row[]>(() => {
    const confirmed: Row[] = (history?.messages ?? []).map((message) => ({ kind: 'message', message }));
    const pending: Row[] = state.pending.filter((p) => p.chatId === chatId).map((p) => ({ kind: 'pending', pending: p }));
    return [...confirmed, ...pending];
  }, [history, state.pending, chatId]);

  const onNearTop = useCallback(() => {
    if (loadingOlder.current) return;
    loadingOlder.current = true;
    store.loadOlder(chatId).finally(() => (loadingOlder.current = false));
  }, [chatId]);

  const onVisibleEnd = useCallback(
    (index: number) => {
      const row = rows[index];
      const newest = row?.kind === 'message' ? row.message : undefined;
      if (newest && !newest.out && document.visibilityState === 'visible') void store.readUpTo(chatId, newest.id);
    },
    [rows, chatId],
  );

  const typing = typingIn(state, chatId, Date.now()).map((id) => userName(id, users, t));
  useTypingExpiry(typing.length > 0);

  if (!entry) {
    return (
      <section class="chatview empty-view">
        <p class="hint">{t.loading}</p>
      </section>
    );
  }
  const title = chatTitle(entry.chat, users, t);

  return (
    <section class="chatview" aria-labelledby="chat-title">
      <header class="chatview-head">
        <a class="back" href="#/chats" aria-label={t.chats.back}>
          ←
        </a>
        <div>
          <h2 id="chat-title">{title}</h2>
          <div class="hint" aria-live="polite">
            {typing.length > 0 ? t.chats.typing(typing.join(', ')) : entry.chat.kind === 'group' ? t.chats.members(entry.chat.memberCount) : ''}
          </div>
        </div>
      </header>
      {error && (
        <p class="error pad" role="alert">
          {error}
        </p>
      )}
      <VirtualList
        items={rows}
        itemKey={rowKey}
        estimate={56}
        label={t.chats.historyLabel(title)}
        onNearTop={onNearTop}
        onVisibleEnd={onVisibleEnd}
        renderItem={(row) =>
          row.kind === 'message' ? (
            <MessageBubble message={row.message} group={entry.chat.kind === 'group'} read={row.message.id <= entry.readOutboxMaxId} app={app} t={t} />
          ) : (
            <PendingBubble pending={row.pending} app={app} t={t} />
          )
        }
      />
      <Composer app={app} t={t} chatId={chatId} />
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

function MessageBubble({ message, group, read, app, t }: { message: Message; group: boolean; read: boolean; app: App; t: Strings }) {
  const users = app.chats.users.value;
  return (
    <div class={message.out ? 'msg out' : 'msg'} data-message-id={message.id}>
      <div class="bubble">
        {group && !message.out && <div class="sender">{userName(message.senderId, users, t)}</div>}
        {message.forward && <div class="hint">{t.chats.forwarded}</div>}
        <div class="text">{message.text}</div>
        <div class="meta hint">
          {message.editDate !== undefined && <span>{t.chats.edited} · </span>}
          {message.date !== undefined && <time>{messageTime(message.date)}</time>}
          {message.out && <span class="tick" aria-label={read ? t.chats.read : t.chats.delivered}>{read ? ' ✓✓' : ' ✓'}</span>}
        </div>
      </div>
    </div>
  );
}

function PendingBubble({ pending, app, t }: { pending: PendingMessage; app: App; t: Strings }) {
  const failed = pending.state === 'failed';
  return (
    <div class="msg out" data-pending={pending.state}>
      <div class={failed ? 'bubble failed' : 'bubble pending'}>
        <div class="text">{pending.text}</div>
        <div class="meta hint" role={failed ? 'alert' : undefined}>
          {failed ? (
            <>
              {t.chats.failed}{' '}
              <button type="button" class="link" onClick={() => void app.chats.retry(pending.randomId)}>
                {t.chats.retry}
              </button>
              <button type="button" class="link" onClick={() => app.chats.discard(pending.randomId)}>
                {t.chats.discard}
              </button>
            </>
          ) : (
            <span aria-label={t.chats.pending}>🕓</span>
          )}
        </div>
      </div>
    </div>
  );
}

const TYPING_EVERY_MS = 4000;

function Composer({ app, t, chatId }: { app: App; t: Strings; chatId: number }) {
  const [text, setText] = useState('');
  const lastTyping = useRef(0);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => input.current?.focus(), [chatId]);

  function send() {
    const body = text.trim();
    if (!body) return;
    setText('');
    void app.chats.send(chatId, body);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  }

  function onInput(value: string) {
    setText(value);
    const now = Date.now();
    if (value && now - lastTyping.current > TYPING_EVERY_MS && app.status.value === 'ready') {
      lastTyping.current = now;
      app.client.invoke('messages.setTyping', { chatId }).catch(() => undefined);
    }
  }

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        ref={input}
        rows={1}
        value={text}
        aria-label={t.chats.composerLabel}
        aria-describedby="composer-hint"
        placeholder={t.chats.composerPlaceholder}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <span id="composer-hint" class="visually-hidden">
        {t.chats.composerHint}
      </span>
      <button type="submit" class="primary" disabled={!text.trim()}>
        {t.chats.send}
      </button>
    </form>
  );
}
