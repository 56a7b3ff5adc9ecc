import { useEffect, useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { Message } from '../protocol/messaging';
import type { App } from '../state/app';
import { countKey } from '../state/comments';
import { userName } from './chatTitle';
import { Dialog } from './Dialog';
import { errorText } from './errorText';
import { messageTime } from './time';
import { FormFooter } from './FormFooter';
import { useAction } from './useAction';

/**
 * Asks the comment counts of a channel's loaded posts (once per post per session). Posts made while the channel
 * had no discussion group have no thread: they get no count and show no comments button.
 */
export function useCommentCounts(app: App, channelId: number, isChannel: boolean, messages: readonly Message[] | undefined) {
  useEffect(() => {
    if (!isChannel || !messages || messages.length === 0) return;
    void app.comments.loadCounts(
      channelId,
      messages.filter((m) => !m.deleted).map((m) => m.id),
    );
  }, [channelId, isChannel, messages]);
}

/** "N comments" under a channel post that has a thread; opens the thread. */
export function CommentsButton({ app, t, channelId, postId, onOpen }: { app: App; t: Strings; channelId: number; postId: number; onOpen: (postId: number, opener: HTMLElement) => void }) {
  const known = app.comments.state.value.counts.get(countKey(channelId, postId));
  if (!known) return null;
  return (
    <button type="button" class="comments-button link" aria-haspopup="dialog" onClick={(event) => onOpen(postId, event.currentTarget)}>
      <span aria-hidden="true">💬</span> {t.comments.count(known.count)}
    </button>
  );
}

/**
 * A post's comment thread in a dialog: the comments oldest first (a `log`, so new ones are announced), more on
 * request, and a field to comment. Commenting is replying in the discussion group, which any reader of the channel
 * may do without joining it; joining (one button) makes the thread live, since commenters get no pushes of the group.
 */
export function CommentsDialog({ app, t, channelId, postId, onClose }: { app: App; t: Strings; channelId: number; postId: number; onClose: () => void }) {
  const comments = app.comments.state.value;
  const thread = comments.thread?.channelId === channelId && comments.thread.postId === postId ? comments.thread : null;
  const known = app.chats.users.value;
  const users = thread && thread.users.size > 0 ? new Map([...known, ...thread.users]) : known;
  const groupId = thread?.groupId;
  const member = groupId !== undefined && app.chats.state.value.chats.has(groupId);
  const [text, setText] = useState('');
  const { error, setError, busy, run } = useAction(t, 'stays');
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    app.comments.open(channelId, postId).catch((failure: unknown) => setError(errorText(t, failure)));
    return () => app.comments.close();
  }, [channelId, postId]);

  // Members also load the group's member list, to name the senders of comments pushed live.
  useEffect(() => {
    if (groupId !== undefined && member) app.chats.members(groupId).catch((failure: unknown) => console.warn('discussion members unavailable', failure));
  }, [groupId, member]);

  function submit(event?: Event) {
    event?.preventDefault();
    const body = text.trim();
    if (!body) return;
    void run(async () => {
      await app.comments.comment(body);
      setText('');
      input.current?.focus();
    });
  }

  return (
    <Dialog title={t.comments.title} description={thread ? t.comments.count(thread.count) : t.loading} onClose={onClose}>
      {thread && thread.messages.length === 0 && <p class="hint">{t.comments.none}</p>}
      <div role="log" aria-label={t.comments.listLabel}>
      <ol class="comments">
        {thread?.messages.map((m) => (
          <li key={m.id} class="comment" data-comment-id={m.id}>
            <span class="sender">{m.out ? t.chats.you : userName(m.senderId, users, t)}</span>{' '}
            {m.date !== undefined && <time class="hint">{messageTime(m.date)}</time>}
            <div class="text">{m.text}</div>
          </li>
        ))}
      </ol>
      </div>
      {thread?.hasMore && (
        <button type="button" class="link" disabled={busy} onClick={() => void run(() => app.comments.loadMore())}>
          {t.comments.loadMore}
        </button>
      )}
      {thread && (
        <form class="comment-form" onSubmit={submit}>
          <label for="comment-text">{t.comments.yourComment}</label>
          <textarea
            id="comment-text"
            ref={input}
            rows={2}
            value={text}
            maxLength={4096}
            aria-describedby="comment-hint"
            onInput={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) submit(event);
            }}
          />
          <p id="comment-hint" class="hint">
            {t.chats.composerHint}
          </p>
          <button type="submit" class="primary" disabled={busy || !text.trim()}>
            {t.comments.send}
          </button>
        </form>
      )}
      {thread && !member && groupId !== undefined && (
        <div class="comment-join">
          <p class="hint">{t.comments.joinHint}</p>
          <button type="button" disabled={busy} onClick={() => void run(async () => void (await app.chats.joinChannel(groupId)))}>
            {t.comments.join}
          </button>
        </div>
      )}
      <FormFooter error={error} dismiss={t.chats.close} onDismiss={onClose} />
    </Dialog>
  );
}
