import type { ComponentChildren } from 'preact';
import type { Strings } from '../i18n/en';
import type { Message, Poll, Reactions } from '../protocol/messaging';
import { useState } from 'preact/hooks';
import { errorText } from './errorText';
import type { App } from '../state/app';
import { permissions, type PendingMessage } from '../state/chatModel';
import { userName } from './chatTitle';
import { messageTime } from './time';
import { ErrorAlert } from './FormFooter';

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
  /** A bot's inline keyboard, under the text. */
  keyboard?: ComponentChildren;
  /** Under the reactions: a channel post's comments button. */
  footer?: ComponentChildren;
}

/**
 * One confirmed message: sender (groups), forward origin, reply quote, text, edited mark, time and ticks. Its
 * actions open from the ⋯ button (keyboard: Tab to it, Enter) or a right click on the bubble.
 */
export function MessageBubble({ message, group, read, highlighted, app, t, onActions, keyboard, footer }: Props) {
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
        {message.poll ? <PollView app={app} t={t} message={message} poll={message.poll} /> : <div class="text">{message.text || (message.ciphertext ? t.e2e.cannotRead : '')}</div>}
        {keyboard}
        {message.reactions && <ReactionChips app={app} t={t} message={message} reactions={message.reactions} />}
        {footer}
        <div class="meta hint">
          {message.views !== undefined && <span class="views" aria-label={t.posts.views(message.views)}>👁 {message.views} · </span>}
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
    <button type="button" class="quote" title={t.chats.quoteLabel(name)} onClick={() => void app.chats.jumpTo(chatId, id)}>
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

/** Reaction counts under a message; choosing one toggles the user's own reaction (aria-pressed marks it). */
function ReactionChips({ app, t, message, reactions }: { app: App; t: Strings; message: Message; reactions: Reactions }) {
  const [error, setError] = useState<string | null>(null);
  function toggle(reaction: string) {
    setError(null);
    app.chats
      .react(message.chatId, message.id, reactions.mine === reaction ? undefined : reaction)
      .catch((failure: unknown) => setError(errorText(t, failure)));
  }
  return (
    <div class="reactions" role="group" aria-label={t.posts.reactionsLabel}>
      {reactions.counts.map((c) => (
        <button
          key={c.reaction}
          type="button"
          class={c.reaction === reactions.mine ? 'reaction mine' : 'reaction'}
          aria-pressed={c.reaction === reactions.mine}
          aria-label={t.posts.reactionChip(c.reaction, c.count, c.reaction === reactions.mine)}
          onClick={() => toggle(c.reaction)}
        >
          {c.reaction} {c.count}
        </button>
      ))}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * A poll in its bubble: before voting (and while open) the options are a radio group or checkboxes with a Vote
 * button; after voting or once closed, each option shows its share of the votes.
 */
function PollView({ app, t, message, poll }: { app: App; t: Strings; message: Message; poll: Poll }) {
  const [picked, setPicked] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const voted = poll.chosen !== undefined && poll.chosen.length > 0;
  const showResults = voted || poll.closed;
  const chat = app.chats.state.value.chats.get(message.chatId)?.chat;
  const closable = !poll.closed && chat !== undefined && permissions.closePoll(chat, message);
  const name = `poll-${message.chatId}-${message.id}`;
  function close() {
    setError(null);
    app.chats.closePoll(message.chatId, message.id).catch((failure: unknown) => setError(errorText(t, failure)));
  }
  function vote(options: number[]) {
    setError(null);
    app.chats.vote(message.chatId, message.id, options).then(
      () => setPicked([]),
      (failure: unknown) => setError(errorText(t, failure)),
    );
  }
  return (
    <div class="poll">
      <div class="text poll-question" id={`${name}-q`}>
        {poll.question}
      </div>
      {showResults ? (
        <ul class="poll-results" aria-labelledby={`${name}-q`}>
          {poll.options.map((o, i) => {
            const percent = poll.totalVoters > 0 ? Math.round((o.voters / poll.totalVoters) * 100) : 0;
            const chosen = poll.chosen?.includes(i) === true;
            // A quiz's answer is known to those who answered and, once closed, to everyone.
            const verdict = poll.correctOption === undefined ? undefined : poll.correctOption === i ? 'correct' : chosen ? 'wrong' : undefined;
            return (
              <li
                key={i}
                class={`poll-option${chosen ? ' chosen' : ''}${verdict ? ` ${verdict}` : ''}`}
                aria-label={t.posts.optionResult(o.text, percent, o.voters, chosen) + (verdict ? `, ${t.posts.verdict[verdict]}` : '')}
              >
                <span class="poll-bar" style={{ width: `${percent}%` }} aria-hidden="true" />
                <span aria-hidden="true">
                  {percent}% {o.text}
                  {chosen ? ' ✓' : ''}
                  {verdict === 'correct' ? ` (${t.posts.verdict.correct})` : verdict === 'wrong' ? ` (${t.posts.verdict.wrong})` : ''}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <fieldset class="poll-options">
          <legend class="visually-hidden">{poll.question}</legend>
          {poll.options.map((o, i) => (
            <label key={i} class="poll-choice">
              <input
                type={poll.multipleChoice ? 'checkbox' : 'radio'}
                name={name}
                checked={picked.includes(i)}
                onChange={(event) => {
                  const on = event.currentTarget.checked;
                  setPicked(poll.multipleChoice ? (on ? [...picked, i] : picked.filter((x) => x !== i)) : [i]);
                }}
              />{' '}
              {o.text}
            </label>
          ))}
          <button type="button" disabled={picked.length === 0} onClick={() => vote(picked)}>
            {t.posts.vote}
          </button>
        </fieldset>
      )}
      {showResults && poll.explanation && (
        <p class="poll-explanation">
          <span class="visually-hidden">{t.posts.explanationLabel}: </span>💡 {poll.explanation}
        </p>
      )}
      <div class="hint poll-total">
        {poll.quiz ? `${t.posts.quiz} · ` : ''}
        {poll.closed ? `${t.posts.closed} · ` : ''}
        {t.posts.totalVoters(poll.totalVoters)}
        {voted && !poll.closed && !poll.quiz && (
          <>
            {' · '}
            <button type="button" class="link" onClick={() => vote([])}>
              {t.posts.retract}
            </button>
          </>
        )}
        {closable && (
          <>
            {' · '}
            <button type="button" class="link" onClick={close}>
              {t.posts.closePoll}
            </button>
          </>
        )}
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}
