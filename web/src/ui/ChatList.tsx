import { useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { App } from '../state/app';
import { orderedChats, type ChatEntry } from '../state/chatModel';
import { errorText } from './errorText';
import { Field } from './Field';
import { messageTime } from './time';
import { chatTitle } from './chatTitle';

export function ChatList({ app, t, activeChatId }: { app: App; t: Strings; activeChatId: number | null }) {
  const store = app.chats;
  const entries = orderedChats(store.state.value);
  const users = store.users.value;
  return (
    <section class="chatlist" aria-labelledby="chats-title">
      <div class="chatlist-head">
        <h1 id="chats-title">{t.chats.title}</h1>
      </div>
      <NewChat app={app} t={t} />
      {store.loaded.value && entries.length === 0 && <p class="hint pad">{t.chats.empty}</p>}
      {!store.loaded.value && <p class="hint pad">{t.loading}</p>}
      <ul class="chats-ul" aria-label={t.chats.listLabel}>
        {entries.map((entry) => (
          <ChatRow key={entry.chat.chatId} entry={entry} title={chatTitle(entry.chat, users, t)} active={entry.chat.chatId === activeChatId} t={t} />
        ))}
      </ul>
    </section>
  );
}

function ChatRow({ entry, title, active, t }: { entry: ChatEntry; title: string; active: boolean; t: Strings }) {
  const preview = entry.top ? `${entry.top.out ? `${t.chats.you}: ` : ''}${entry.top.text ?? ''}` : t.chats.noMessages;
  return (
    <li>
      <a class={active ? 'chatrow active' : 'chatrow'} href={`#/chat/${entry.chat.chatId}`} aria-current={active ? 'page' : undefined} data-chat-id={entry.chat.chatId}>
        <span class="avatar" aria-hidden="true">
          {title.slice(0, 1).toUpperCase()}
        </span>
        <span class="chatrow-main">
          <span class="chatrow-top">
            <strong class="chatrow-title">{title}</strong>
            {entry.top?.date !== undefined && <time class="hint">{messageTime(entry.top.date)}</time>}
          </span>
          <span class="chatrow-bottom">
            <span class="preview">{preview}</span>
            {entry.unread > 0 && (
              <span class="badge" aria-label={t.chats.unread(entry.unread)}>
                {entry.unread}
              </span>
            )}
          </span>
        </span>
      </a>
    </li>
  );
}

function NewChat({ app, t }: { app: App; t: Strings }) {
  const [mode, setMode] = useState<'closed' | 'private' | 'group'>('closed');
  const [username, setUsername] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const names = username.split(',').map((n) => n.trim().replace(/^@/, '')).filter(Boolean);
      const chatId = mode === 'group' ? await app.chats.createGroup(title.trim(), names) : await app.chats.startPrivateChat(names[0] ?? '');
      setMode('closed');
      setUsername('');
      setTitle('');
      app.navigate({ name: 'chat', chatId });
    } catch (failure) {
      setError(errorText(t, failure));
    } finally {
      setBusy(false);
    }
  }

  if (mode === 'closed') {
    return (
      <div class="newchat-buttons">
        <button type="button" onClick={() => setMode('private')}>
          {t.chats.newChat}
        </button>
        <button type="button" onClick={() => setMode('group')}>
          {t.chats.newGroup}
        </button>
      </div>
    );
  }
  return (
    <form class="newchat" onSubmit={submit} noValidate aria-busy={busy}>
      {mode === 'group' && <Field id="group-title" label={t.chats.groupTitle} value={title} onValue={setTitle} required autoFocus />}
      <Field
        id="new-chat-username"
        label={mode === 'group' ? t.chats.groupMembers : t.chats.newChatUsername}
        value={username}
        onValue={setUsername}
        verbatim
        required
        autoFocus={mode === 'private'}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="button" onClick={() => setMode('closed')}>
          {t.settings.cancel}
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {mode === 'group' ? t.chats.createGroup : t.chats.start}
        </button>
      </div>
    </form>
  );
}
