import { useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { User } from '../protocol/messaging';
import type { App } from '../state/app';
import { orderedChats, type ChatEntry } from '../state/chatModel';
import { Field } from './Field';
import { messageTime } from './time';
import { chatTitle } from './chatTitle';
import { SearchPanel } from './SearchPanel';
import { FormFooter } from './FormFooter';
import { useAction } from './useAction';

export function ChatList({ app, t, activeChatId }: { app: App; t: Strings; activeChatId: number | null }) {
  const store = app.chats;
  const entries = orderedChats(store.state.value);
  const users = store.users.value;
  const [searching, setSearching] = useState(false);
  return (
    <section class="chatlist" aria-labelledby="chats-title">
      <div class="chatlist-head">
        <h1 id="chats-title">{t.chats.title}</h1>
      </div>
      <SearchPanel app={app} t={t} activeChatId={activeChatId} onActive={setSearching} />
      {!searching && <NewChat app={app} t={t} />}
      {!searching && store.loaded.value && entries.length === 0 && <p class="hint pad">{t.chats.empty}</p>}
      {!searching && !store.loaded.value && <p class="hint pad">{t.loading}</p>}
      <ul class="chats-ul" aria-label={t.chats.listLabel} hidden={searching}>
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

type Mode = 'closed' | 'private' | 'group' | 'channel' | 'join';

function NewChat({ app, t }: { app: App; t: Strings }) {
  const [mode, setMode] = useState<Mode>('closed');
  const [kind, setKind] = useState<'channel' | 'supergroup'>('channel');
  const [username, setUsername] = useState('');
  const [title, setTitle] = useState('');
  const [picked, setPicked] = useState<readonly User[]>([]);
  const { error, setError, busy, run } = useAction(t, 'stays');
  // Private chats and groups are end-to-end encrypted unless the user unticks it (as the Java CLI's --cloud).
  const [e2e, setE2e] = useState(true);

  function reset(next: Mode) {
    setMode(next);
    setUsername('');
    setTitle('');
    setPicked([]);
    setError(null);
  }

  /** Group mode: resolves the typed username and adds the person to the list of members to add. */
  function pick() {
    const name = username.trim().replace(/^@/, '');
    if (!name) return;
    void run(async () => {
      const user = await app.chats.resolveUser(name);
      if (!picked.some((p) => p.userId === user.userId)) setPicked([...picked, user]);
      setUsername('');
    });
  }

  function submit(event: Event) {
    event.preventDefault();
    if (mode === 'group') {
      if (!title.trim()) {
        setError(t.chats.groupNeedsTitle);
        return;
      }
      void run(async () => {
        const chatId = await app.chats.createGroup(title.trim(), picked.map((u) => u.userId), e2e);
        reset('closed');
        app.navigate({ name: 'chat', chatId });
      });
      return;
    }
    const name = username.trim().replace(/^@/, '');
    if (mode === 'channel' && !title.trim()) {
      setError(t.chats.groupNeedsTitle);
      return;
    }
    void run(async () => {
      const chatId =
        mode === 'channel'
          ? await app.chats.createChannel(title.trim(), kind, name)
          : mode === 'join'
            ? await app.chats.joinChannel(name)
            : await app.chats.startPrivateChat(name, e2e);
      reset('closed');
      app.navigate({ name: 'chat', chatId });
    });
  }

  if (mode === 'closed') {
    return (
      <div class="newchat-buttons">
        <button type="button" onClick={() => reset('private')}>
          {t.chats.newChat}
        </button>
        <button type="button" onClick={() => reset('group')}>
          {t.chats.newGroup}
        </button>
        <button type="button" onClick={() => reset('channel')}>
          {t.chats.newChannel}
        </button>
        <button type="button" onClick={() => reset('join')}>
          {t.chats.joinChannel}
        </button>
      </div>
    );
  }
  return (
    <form class="newchat" onSubmit={submit} noValidate aria-busy={busy}>
      {mode === 'group' && <Field id="group-title" label={t.chats.groupTitle} value={title} onValue={setTitle} required autoFocus />}
      {mode === 'group' ? (
        <>
          <label for="group-pick">{t.chats.groupPickUsername}</label>
          <div class="inline-row">
            <input
              id="group-pick"
              value={username}
              autocapitalize="none"
              spellcheck={false}
              onInput={(event) => setUsername(event.currentTarget.value)}
              onKeyDown={(event) => {
                // Enter adds the person typed; the group is created with the button.
                if (event.key === 'Enter') {
                  event.preventDefault();
                  pick();
                }
              }}
            />
            <button type="button" disabled={busy || !username.trim()} onClick={pick}>
              {t.chats.groupPickAdd}
            </button>
          </div>
          {picked.length > 0 && (
            <ul class="chips" aria-label={t.chats.groupPicked}>
              {picked.map((user) => (
                <li key={user.userId} class="chip">
                  {user.displayName} <span class="hint">@{user.username}</span>
                  <button
                    type="button"
                    class="icon"
                    aria-label={t.chats.groupPickedRemove(user.displayName)}
                    onClick={() => setPicked(picked.filter((p) => p.userId !== user.userId))}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : mode === 'channel' ? (
        <>
          <Field id="channel-title" label={t.chats.channelTitle} value={title} onValue={setTitle} required autoFocus />
          <fieldset class="kinds">
            <legend>{t.chats.channelKind}</legend>
            {(['channel', 'supergroup'] as const).map((k) => (
              <label key={k} class="check">
                <input type="radio" name="channel-kind" checked={kind === k} onChange={() => setKind(k)} />
                {k === 'channel' ? t.chats.kindChannel : t.chats.kindSupergroup}
              </label>
            ))}
          </fieldset>
          <Field id="channel-username" label={t.chats.channelUsername} hint={t.chats.channelUsernameHint} value={username} onValue={setUsername} verbatim />
        </>
      ) : (
        <Field
          id="new-chat-username"
          label={mode === 'join' ? t.chats.joinUsername : t.chats.newChatUsername}
          value={username}
          onValue={setUsername}
          verbatim
          required
          autoFocus
        />
      )}
      {(mode === 'group' || mode === 'private') && (
        <label class="check">
          {/* Creating an encrypted chat waits until this device's end-to-end layer runs (it registers the device's
              key after login); unticking it needs no wait. */}
          <input type="checkbox" checked={e2e} aria-describedby="e2e-hint" onChange={(event) => setE2e(event.currentTarget.checked)} />
          {t.e2e.encryptedOption}
        </label>
      )}
      {(mode === 'group' || mode === 'private') && (
        <p class="hint" id="e2e-hint">
          {!e2e ? t.e2e.cloudHint : app.e2e.value ? t.e2e.encryptedHint : t.e2e.starting}
        </p>
      )}
      <FormFooter error={error} dismiss={t.settings.cancel} onDismiss={() => reset('closed')}>
        <button type="submit" class="primary" disabled={busy || ((mode === 'group' || mode === 'private') && e2e && !app.e2e.value)}>
          {mode === 'group' ? t.chats.createGroup : mode === 'channel' ? t.chats.createChannel : mode === 'join' ? t.chats.join : t.chats.start}
        </button>
      </FormFooter>
    </form>
  );
}
