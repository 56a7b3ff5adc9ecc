import { useEffect, useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import { ParleyError } from '../protocol/errors';
import { MARKUP_BATCH, buttonLabel, type BotCommand, type ButtonAnswer, type InlineButton, type Markup, type ReplyMarkup } from '../protocol/bots';
import type { Chat, Message } from '../protocol/messaging';
import type { App } from '../state/app';
import { Dialog } from './Dialog';
import { errorText } from './errorText';

/**
 * What bots add to a chat (docs/protocol/bots.md): the keyboards of the shown messages, fetched with
 * bots.getReplyMarkup because they are not part of the message object (again when a message is edited), and the
 * `/commands` of the bot in a private chat. A private chat whose peer is no bot asks for neither.
 */
export function useBotExtras(app: App, chat: Chat | undefined, messages: readonly Message[] | undefined) {
  const [markups, setMarkups] = useState<ReadonlyMap<number, ReplyMarkup>>(new Map());
  const [commands, setCommands] = useState<BotCommand[]>([]);
  const [peerIsBot, setPeerIsBot] = useState<boolean | null>(null);
  const asked = useRef(new Set<string>());
  const chatId = chat?.chatId;
  const peerId = chat?.kind === 'private' ? chat.peerId : undefined;

  useEffect(() => {
    setMarkups(new Map());
    setCommands([]);
    asked.current = new Set();
    setPeerIsBot(null);
    if (peerId === undefined) return;
    let live = true;
    app.client.invoke('bots.getCommands', { botUserId: peerId }).then(
      (result) => {
        if (!live) return;
        setPeerIsBot(true);
        setCommands(result.commands);
      },
      (failure: unknown) => {
        // BOT_NOT_FOUND: a person, whose messages never carry keyboards.
        if (live && isBotNotFound(failure)) setPeerIsBot(false);
      },
    );
    return () => {
      live = false;
    };
  }, [chatId, peerId]);

  useEffect(() => {
    if (chatId === undefined || !messages || (peerId !== undefined && peerIsBot !== true)) return;
    const wanted = messages.filter((m) => !m.out && !m.deleted && !asked.current.has(`${m.id}:${m.editDate ?? 0}`));
    if (wanted.length === 0) return;
    for (const m of wanted) asked.current.add(`${m.id}:${m.editDate ?? 0}`);
    for (let i = 0; i < wanted.length; i += MARKUP_BATCH) {
      const ids = wanted.slice(i, i + MARKUP_BATCH).map((m) => m.id);
      app.client.invoke('bots.getReplyMarkup', { chatId, messageIds: ids }).then(
        ({ markups: found }) =>
          setMarkups((old) => {
            const next = new Map(old);
            for (const id of ids) next.delete(id);
            for (const m of found) next.set(m.messageId, m.markup);
            return next;
          }),
        () => {
          // Asked again next time the history changes.
          for (const id of ids) asked.current.forEach((key) => key.startsWith(`${id}:`) && asked.current.delete(key));
        },
      );
    }
  }, [chatId, messages, peerIsBot]);

  return { markups, commands: peerIsBot ? commands : [] };
}

/** The reply keyboard to show above the composer: the newest keyboard-bearing bot message's, unless removed since. */
export function currentReplyKeyboard(markups: ReadonlyMap<number, ReplyMarkup>): { messageId: number; markup: ReplyMarkup } | null {
  let newest: { messageId: number; markup: ReplyMarkup } | null = null;
  for (const [messageId, markup] of markups) {
    if ((markup.keyboard || markup.remove_keyboard) && (!newest || messageId > newest.messageId)) newest = { messageId, markup };
  }
  return newest?.markup.keyboard ? newest : null;
}

export type Notice = { kind: 'answer'; answer: ButtonAnswer } | { kind: 'link'; url: string } | null;

/** An inline keyboard under a bot's message: callback buttons are pressed on the server, url buttons open a link. */
export function InlineKeyboard(props: { app: App; t: Strings; message: Message; rows: InlineButton[][]; onNotice: (notice: Notice) => void }) {
  const { app, t, message, rows, onNotice } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  function press(button: InlineButton) {
    setError(null);
    if (button.url) {
      onNotice({ kind: 'link', url: button.url });
      return;
    }
    if (button.callback_data === undefined) return;
    setBusy(button.callback_data);
    app.client
      .invoke('messages.pressButton', { chatId: message.chatId, messageId: message.id, data: button.callback_data })
      .then(
        (answer) => onNotice({ kind: 'answer', answer }),
        (failure: unknown) => setError(errorText(t, failure)),
      )
      .finally(() => setBusy(null));
  }
  return (
    <div class="bot-keyboard" role="group" aria-label={t.bots.inlineKeyboard}>
      {rows.map((row, r) => (
        <div class="bot-keyboard-row" key={r}>
          {row.map((button, c) => (
            <button
              key={c}
              type="button"
              class="bot-button"
              aria-busy={busy !== null && busy === button.callback_data}
              aria-label={button.url ? t.bots.opensLink(button.text) : undefined}
              onClick={() => press(button)}
            >
              {button.text}
              {button.url ? ' ↗' : ''}
            </button>
          ))}
        </div>
      ))}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** A bot's answer to a press, or the confirmation before a url button opens its link. */
export function BotNotice({ t, notice, onClose }: { t: Strings; notice: Notice; onClose: () => void }) {
  useEffect(() => {
    if (notice?.kind !== 'answer' || notice.answer.showAlert) return;
    const timer = setTimeout(onClose, 6000);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice) return null;
  if (notice.kind === 'link') {
    return (
      <Dialog title={t.bots.openLinkTitle} description={t.bots.openLinkQuestion(notice.url)} onClose={onClose}>
        <div class="actions">
          <button type="button" onClick={onClose}>
            {t.bots.cancel}
          </button>
          <a class="button primary" href={notice.url} target="_blank" rel="noopener noreferrer" onClick={onClose}>
            {t.bots.openLink}
          </a>
        </div>
      </Dialog>
    );
  }
  const text = notice.answer.answered ? notice.answer.text || t.bots.answeredSilently : t.bots.noAnswer;
  if (notice.answer.showAlert) {
    return (
      <Dialog title={t.bots.alertTitle} description={text} onClose={onClose} role="alertdialog">
        <div class="actions">
          <button type="button" class="primary" onClick={onClose}>
            {t.bots.ok}
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <div class="toast" role="status">
      <span>{text}</span>
      <button type="button" class="icon" aria-label={t.bots.dismiss} onClick={onClose}>
        ✕
      </button>
    </div>
  );
}

/** A reply keyboard in place of the system one: above the composer, a button sends its text as a message. */
export function ReplyKeyboard({ t, markup, onSend }: { t: Strings; markup: ReplyMarkup; onSend: (text: string) => void }) {
  return (
    <div class="bot-keyboard reply-keyboard" role="group" aria-label={t.bots.replyKeyboard}>
      {(markup.keyboard ?? []).map((row, r) => (
        <div class="bot-keyboard-row" key={r}>
          {row.map((button, c) => (
            <button key={c} type="button" class="bot-button" onClick={() => onSend(buttonLabel(button))}>
              {buttonLabel(button)}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

/** `/commands` matching what is typed, while the text is a lone `/word`; choosing one sends it. */
export function CommandSuggestions({ t, text, commands, onPick }: { t: Strings; text: string; commands: BotCommand[]; onPick: (command: string) => void }) {
  if (!/^\/\w*$/.test(text)) return null;
  const typed = text.slice(1).toLowerCase();
  const matching = commands.filter((c) => c.command.toLowerCase().startsWith(typed));
  if (matching.length === 0) return null;
  return (
    <ul class="command-suggestions" aria-label={t.bots.commands}>
      {matching.map((c) => (
        <li key={c.command}>
          <button type="button" class="command" onClick={() => onPick(`/${c.command}`)}>
            <strong>/{c.command}</strong> <span class="hint">{c.description}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function isBotNotFound(failure: unknown): boolean {
  return failure instanceof ParleyError && failure.code === BOT_NOT_FOUND;
}

const BOT_NOT_FOUND = 'BOT_NOT_FOUND';
