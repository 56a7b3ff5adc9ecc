import { useEffect, useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { BotCommand, ReplyMarkup } from '../protocol/bots';
import { CommandSuggestions, ReplyKeyboard } from './BotKeyboards';
import type { Message } from '../protocol/messaging';
import type { App } from '../state/app';
import { userName } from './chatTitle';
import { errorText } from './errorText';
import { ErrorAlert } from './FormFooter';

/** What the composer is doing besides writing a new message. */
export type Draft = { kind: 'reply'; message: Message } | { kind: 'edit'; message: Message } | null;

const TYPING_EVERY_MS = 4000;

interface Props {
  app: App;
  t: Strings;
  chatId: number;
  draft: Draft;
  onDraftDone: () => void;
  /** In a chat with a bot: its `/commands`, suggested while typing one, and its current reply keyboard. */
  commands?: BotCommand[];
  replyKeyboard?: ReplyMarkup | null;
  onReplyKeyboardUsed?: () => void;
}

/**
 * The message box: Enter sends (Shift+Enter adds a line). Replying shows the quoted message above it and sends
 * `replyToId`; editing loads the message's text and saves it with messages.edit. Escape cancels either.
 */
export function Composer({ app, t, chatId, draft, onDraftDone, commands = [], replyKeyboard, onReplyKeyboardUsed }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const input = useRef<HTMLTextAreaElement>(null);
  const saved = useRef('');

  useEffect(() => input.current?.focus(), [chatId]);
  useEffect(() => {
    setError(null);
    if (draft?.kind === 'edit') {
      saved.current = text;
      setText(draft.message.text ?? '');
    }
    input.current?.focus();
  }, [draft]);

  function cancel() {
    if (draft?.kind === 'edit') setText(saved.current);
    setError(null);
    onDraftDone();
  }

  function submit() {
    const body = text.trim();
    if (!body) return;
    if (draft?.kind === 'edit') {
      const { message } = draft;
      if (body === message.text) {
        cancel();
        return;
      }
      app.chats.edit(chatId, message.id, body).then(
        () => {
          setText(saved.current);
          onDraftDone();
        },
        (failure: unknown) => setError(errorText(t, failure)),
      );
      return;
    }
    setText('');
    void app.chats.send(chatId, body, draft?.kind === 'reply' ? draft.message.id : undefined);
    if (draft) onDraftDone();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && draft) {
      event.preventDefault();
      cancel();
    }
  }

  function onInput(value: string) {
    setText(value);
    const now = Date.now();
    if (value && draft?.kind !== 'edit' && now - lastTyping.current > TYPING_EVERY_MS && app.status.value === 'ready') {
      lastTyping.current = now;
      app.client.invoke('messages.setTyping', { chatId }).catch(() => undefined);
    }
  }

  function sendNow(body: string) {
    void app.chats.send(chatId, body);
    input.current?.focus();
  }

  const users = app.chats.users.value;
  return (
    <form
      class="composer-wrap"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {draft && (
        <div class="draft" role="status">
          <div class="draft-main">
            <strong>{draft.kind === 'edit' ? t.chats.editing : t.chats.replyingTo(draft.message.out ? t.chats.you : userName(draft.message.senderId, users, t))}</strong>
            <span class="draft-text">{draft.message.text}</span>
          </div>
          <button type="button" class="icon" aria-label={t.chats.cancelDraft} onClick={cancel}>
            ✕
          </button>
        </div>
      )}
      <ErrorAlert error={error} pad />
      {draft?.kind !== 'edit' && (
        <CommandSuggestions
          t={t}
          text={text}
          commands={commands}
          onPick={(command) => {
            setText('');
            sendNow(command);
          }}
        />
      )}
      {replyKeyboard && (
        <ReplyKeyboard
          t={t}
          markup={replyKeyboard}
          onSend={(body) => {
            sendNow(body);
            if (replyKeyboard.one_time_keyboard) onReplyKeyboardUsed?.();
          }}
        />
      )}
      <div class="composer">
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
          {draft?.kind === 'edit' ? t.chats.save : t.chats.send}
        </button>
      </div>
    </form>
  );
}
