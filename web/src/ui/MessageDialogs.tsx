import type { Strings } from '../i18n/en';
import type { Message } from '../protocol/messaging';
import type { App } from '../state/app';
import { orderedChats, permissions } from '../state/chatModel';
import { chatTitle } from './chatTitle';
import { Dialog } from './Dialog';
import { FormFooter } from './FormFooter';
import { useAction } from './useAction';

interface Props {
  app: App;
  t: Strings;
  message: Message;
  onClose: () => void;
}

/** Delete for me, or (when the protocol allows it) for everyone. */
export function DeleteDialog({ app, t, message, onClose }: Props) {
  const entry = app.chats.state.value.chats.get(message.chatId);
  const forEveryone = entry !== undefined && permissions.deleteForEveryone(entry.chat, message);
  const { error, busy, run } = useAction(t, 'leaves');

  function remove(everyone: boolean) {
    return run(async () => {
      await app.chats.deleteMessages(message.chatId, [message.id], everyone);
      onClose();
    });
  }

  return (
    <Dialog title={t.chats.deleteTitle} description={forEveryone ? t.chats.deleteHint : t.chats.deleteHintMine} onClose={onClose}>
      <blockquote class="dialog-quote">{message.text}</blockquote>
      <FormFooter error={error} dismiss={t.settings.cancel} onDismiss={onClose}>
        <button type="button" class="danger" disabled={busy} onClick={() => void remove(false)}>
          {t.chats.deleteForMe}
        </button>
        {forEveryone && (
          <button type="button" class="danger" disabled={busy} onClick={() => void remove(true)}>
            {t.chats.deleteForEveryone}
          </button>
        )}
      </FormFooter>
    </Dialog>
  );
}

/** Picks the chat to forward to; the forward's result shows in that chat, which opens. */
export function ForwardDialog({ app, t, message, onClose }: Props) {
  const state = app.chats.state.value;
  const users = app.chats.users.value;
  const { error, busy, run } = useAction(t, 'leaves');

  function forward(toChatId: number) {
    return run(async () => {
      await app.chats.forward(message.chatId, [message.id], toChatId);
      onClose();
      app.navigate({ name: 'chat', chatId: toChatId });
    });
  }

  return (
    <Dialog title={t.chats.forwardTitle} description={t.chats.forwardHint} onClose={onClose}>
      <ul class="pick-list">
        {/* The protocol forwards into private chats and groups only. */}
        {orderedChats(state)
          .filter((entry) => entry.chat.kind === 'private' || entry.chat.kind === 'group')
          .map((entry) => {
          const title = chatTitle(entry.chat, users, t);
          return (
            <li key={entry.chat.chatId}>
              <button type="button" class="pick" disabled={busy} onClick={() => void forward(entry.chat.chatId)}>
                <span class="avatar small" aria-hidden="true">
                  {title.slice(0, 1).toUpperCase()}
                </span>
                {title}
              </button>
            </li>
          );
        })}
      </ul>
      <FormFooter error={error} dismiss={t.settings.cancel} onDismiss={onClose} />
    </Dialog>
  );
}

/** Leaving a supergroup or channel (channels.leave). */
export function LeaveDialog({ app, t, chatId, title, onClose }: { app: App; t: Strings; chatId: number; title: string; onClose: () => void }) {
  const { error, busy, run } = useAction(t, 'leaves');

  function leave() {
    return run(async () => {
      await app.chats.leaveChannel(chatId);
      onClose();
      app.navigate({ name: 'chats' });
    });
  }

  return (
    <Dialog title={t.chats.leaveChannelTitle(title)} description={t.chats.leaveChannelHint} onClose={onClose}>
      <FormFooter error={error} dismiss={t.settings.cancel} onDismiss={onClose}>
        <button type="button" class="danger" disabled={busy} onClick={() => void leave()}>
          {t.chats.leaveChannel}
        </button>
      </FormFooter>
    </Dialog>
  );
}
