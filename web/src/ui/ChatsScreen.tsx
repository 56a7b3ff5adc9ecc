import { useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { App } from '../state/app';
import { ChatList } from './ChatList';
import { ChatView } from './ChatView';

/** Two panes on a desktop (list and open chat); on a phone one at a time, chosen by the route. */
export function ChatsScreen({ app, t }: { app: App; t: Strings }) {
  const route = app.route.value;
  const chatId = route.name === 'chat' ? route.chatId : null;
  // Row heights per chat, measured once: reopening a long chat lays it out without measuring again.
  const [heights] = useState(() => new Map<number, Map<string, number>>());
  const heightsOf = (id: number) => {
    let found = heights.get(id);
    if (!found) heights.set(id, (found = new Map()));
    return found;
  };
  return (
    <main id="main" class={chatId === null ? 'chats-layout list-only' : 'chats-layout chat-open'} tabIndex={-1}>
      <ChatList app={app} t={t} activeChatId={chatId} />
      {chatId === null ? (
        <section class="chatview empty-view" aria-hidden="true">
          <p class="hint">{t.chats.selectChat}</p>
        </section>
      ) : (
        <ChatView key={chatId} app={app} t={t} chatId={chatId} heights={heightsOf(chatId)} />
      )}
    </main>
  );
}
