import type { Strings } from '../i18n/en';
import type { Message } from '../protocol/messaging';
import type { App } from '../state/app';
import type { PendingMessage } from '../state/chatModel';
import { userName } from './chatTitle';
import { messageTime } from './time';

/** Opens the actions menu of a message, at a point on screen, remembering what to give focus back to. */
export type OpenActions = (message: Message, at: { x: number; y: number }, opener: HTMLElement | null) => void;

interface Props {
  message: Message;
  group: boolean;
  read: boolean;
  highlighted: boolean;
  app: App;
  t: Strings;
  onActions: OpenActions;
}

/**
 * One confirmed message: sender (groups), forward origin, reply quote, text, edited mark, time and ticks. Its
 * actions open from the ⋯ button (keyboard: Tab to it, Enter) or a right click on the bubble.
 */
export function MessageBubble({ message, group, read, highlighted, app, t, onActions }: Props) {
  const users = app.chats.users.value;
  const classes = `msg${message.out ? ' out' : ''}${highlighted ? ' highlight' : ''}`;
  return (
    <div
      class={classes}
      data-message-id={message.id}
      tabIndex={-1}
      onContextMenu={(event) => {
        event.preventDefault();
        const opener = event.currentTarget.querySelector<HTMLElement>('.msg-actions');
        onActions(message, { x: event.clientX, y: event.clientY }, opener);
      }}
    >
      <div class="bubble">
        {group && !message.out && <div class="sender">{userName(message.senderId, users, t)}</div>}
        {message.forward && (
          <div class="hint forwarded">
            {message.forward.senderId !== undefined ? t.chats.forwardedFrom(userName(message.forward.senderId, users, t)) : t.chats.forwarded}
          </div>
        )}
        {message.replyToId !== undefined && <ReplyQuote app={app} t={t} chatId={message.chatId} id={message.replyToId} />}
        <div class="text">{message.text}</div>
        <div class="meta hint">
          {message.authorSignature !== undefined && <span class="signature">{message.authorSignature} · </span>}
          {message.editDate !== undefined && <span class="edited">{t.chats.edited} · </span>}
          {message.date !== undefined && <time>{messageTime(message.date)}</time>}
          {message.out && (
            <span class="tick" aria-label={read ? t.chats.read : t.chats.delivered}>
              {read ? ' ✓✓' : ' ✓'}
            </span>
          )}
        </div>
      </div>
      <button
        type="button"
        class="msg-actions"
        aria-label={t.chats.messageActions}
        aria-haspopup="menu"
        onClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          onActions(message, { x: rect.left, y: rect.bottom }, event.currentTarget);
        }}
      >
        ⋯
      </button>
    </div>
  );
}

/** The quoted message of a reply; choosing it shows the original in the history. */
function ReplyQuote({ app, t, chatId, id }: { app: App; t: Strings; chatId: number; id: number }) {
  const quoted = app.chats.quoted(chatId, id);
  const users = app.chats.users.value;
  if (!quoted) {
    return <div class="quote hint">{quoted === null ? t.chats.quoteUnavailable : t.loading}</div>;
  }
  const name = quoted.out ? t.chats.you : userName(quoted.senderId, users, t);
  return (
    <button type="button" class="quote" aria-label={t.chats.quoteLabel(name)} onClick={() => void app.chats.jumpTo(chatId, id)}>
      <span class="quote-name">{name}</span>
      <span class="quote-text">{quoted.text}</span>
    </button>
  );
}

export function PendingBubble({ pending, app, t }: { pending: PendingMessage; app: App; t: Strings }) {
  const failed = pending.state === 'failed';
  return (
    <div class="msg out" data-pending={pending.state}>
      <div class={failed ? 'bubble failed' : 'bubble pending'}>
        {pending.replyToId !== undefined && <ReplyQuote app={app} t={t} chatId={pending.chatId} id={pending.replyToId} />}
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
