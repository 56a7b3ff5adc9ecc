import type { Strings } from '../i18n/en';
import type { App } from '../state/app';

/** The chat list; filled in by the messaging store once chats.* is available. */
export function ChatsScreen({ t }: { app: App; t: Strings }) {
  return (
    <main id="main" class="chats" aria-labelledby="chats-title" tabIndex={-1}>
      <h1 id="chats-title">{t.chats.title}</h1>
      <p class="hint">{t.chats.empty}</p>
    </main>
  );
}
