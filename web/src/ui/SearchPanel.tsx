import { useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { Message } from '../protocol/messaging';
import type { App } from '../state/app';
import { highlightParts, queryWords } from '../state/search';
import { chatTitle } from './chatTitle';
import { errorText } from './errorText';
import { messageTime } from './time';
import { ErrorAlert } from './FormFooter';
import { useAction } from './useAction';

interface Props {
  app: App;
  t: Strings;
  /** The open chat, which the search can be limited to. */
  activeChatId: number | null;
  /** Whether results are shown (the chat list hides while they are). */
  onActive: (active: boolean) => void;
}

/**
 * Message search (messages.search) over all chats or the open one. Results are newest first; choosing one opens its
 * chat scrolled to the message, which is highlighted and focused.
 */
export function SearchPanel({ app, t, activeChatId, onActive }: Props) {
  const [query, setQuery] = useState('');
  const [onlyThisChat, setOnlyThisChat] = useState(false);
  const [results, setResults] = useState<{ query: string; messages: Message[] } | null>(null);
  const { error, setError, busy, run } = useAction(t, 'stays');
  const state = app.chats.state.value;
  const users = app.chats.users.value;

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    if (queryWords(query).length === 0) {
      setError(t.chats.searchNeedsWords);
      return;
    }
    await run(async () => {
      const messages = await app.chats.search(query, onlyThisChat && activeChatId !== null ? activeChatId : undefined);
      setResults({ query, messages });
      onActive(true);
    });
  }

  function close() {
    setResults(null);
    setQuery('');
    setError(null);
    onActive(false);
  }

  function open(message: Message) {
    app.navigate({ name: 'chat', chatId: message.chatId });
    void app.chats.jumpTo(message.chatId, message.id).catch((failure: unknown) => setError(errorText(t, failure)));
  }

  return (
    <div class="search">
      <form role="search" class="search-form" onSubmit={submit} aria-busy={busy}>
        <input
          type="search"
          value={query}
          aria-label={t.chats.searchLabel}
          placeholder={t.chats.searchLabel}
          onInput={(event) => setQuery(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && results) {
              event.preventDefault();
              close();
            }
          }}
        />
        <button type="submit" disabled={busy}>
          {t.chats.searchGo}
        </button>
        {activeChatId !== null && (
          <label class="check">
            <input type="checkbox" checked={onlyThisChat} onChange={(event) => setOnlyThisChat(event.currentTarget.checked)} />
            {t.chats.searchThisChat}
          </label>
        )}
      </form>
      <ErrorAlert error={error} pad />
      <div aria-live="polite" class="search-status">
        {results && (
          <div class="search-head">
            <span class="hint">{t.chats.searchResults(results.messages.length)}</span>
            <button type="button" class="link" onClick={close}>
              {t.chats.searchClose}
            </button>
          </div>
        )}
      </div>
      {results && (
        <ul class="results" aria-label={t.chats.searchTitle}>
          {results.messages.map((message) => {
            const chat = state.chats.get(message.chatId)?.chat;
            const title = chat ? chatTitle(chat, users, t) : '';
            return (
              <li key={`${message.chatId}:${message.id}`}>
                <button type="button" class="result" data-result-id={message.id} onClick={() => open(message)}>
                  <span class="chatrow-top">
                    <strong class="chatrow-title">{title}</strong>
                    {message.date !== undefined && <time class="hint">{messageTime(message.date)}</time>}
                  </span>
                  <span class="preview">
                    {highlightParts(message.text ?? '', results.query).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
