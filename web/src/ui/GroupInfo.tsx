import { useEffect, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { App } from '../state/app';
import { permissions } from '../state/chatModel';
import { Dialog } from './Dialog';
import { errorText } from './errorText';
import { ErrorAlert } from './FormFooter';

interface Props {
  app: App;
  t: Strings;
  chatId: number;
  onClose: () => void;
}

/**
 * A group's info: its members with their roles, and what the user's role allows: rename, add by username, remove
 * (owner: anyone else; admin: plain members), appoint and dismiss admins (owner), and leave. Changes by others arrive as updates and show here live.
 */
export function GroupInfo({ app, t, chatId, onClose }: Props) {
  const store = app.chats;
  const state = store.state.value;
  const chat = state.chats.get(chatId)?.chat;
  const members = state.members.get(chatId);
  const myUserId = app.session.value?.userId ?? 0;
  const [title, setTitle] = useState(chat?.title ?? '');
  const [username, setUsername] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);

  useEffect(() => {
    store.members(chatId).catch((failure: unknown) => setError(errorText(t, failure)));
  }, [chatId]);

  // Removed from the group (by someone else, or by leaving): nothing left to show.
  useEffect(() => {
    if (!chat) onClose();
  }, [chat === undefined]);
  if (!chat) return null;
  const manage = permissions.manageMembers(chat);

  /** Runs a change; on success shows `done`, or the sentence the action itself returns. */
  async function run(action: () => Promise<string | void>, done: string | null = null) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const said = await action();
      setStatus(said ?? done);
    } catch (failure) {
      setError(errorText(t, failure));
    } finally {
      setBusy(false);
    }
  }

  async function leave() {
    await run(() => store.leave(chatId), null);
    app.navigate({ name: 'chats' });
  }

  return (
    <Dialog title={t.chats.groupInfo} description={t.chats.groupInfoHint} onClose={onClose}>
      {manage && (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => store.rename(chatId, title.trim()), t.chats.renamed);
          }}
        >
          <label for="group-rename">{t.chats.renameLabel}</label>
          <div class="inline-row">
            <input id="group-rename" value={title} onInput={(event) => setTitle(event.currentTarget.value)} required />
            <button type="submit" disabled={busy || !title.trim() || title.trim() === chat.title}>
              {t.chats.rename}
            </button>
          </div>
        </form>
      )}
      <h3 id="members-title">{t.chats.membersTitle}</h3>
      {!members && <p class="hint">{t.loading}</p>}
      {members && (
        <ul class="members" aria-labelledby="members-title">
          {members.map((member) => (
            <li key={member.userId} class="member" data-user-id={member.userId}>
              <span class="member-name">
                <strong>{member.userId === myUserId ? t.chats.you : member.displayName}</strong>{' '}
                <span class="hint">
                  @{member.username} · {t.chats.role[member.role] ?? member.role}
                </span>
              </span>
              {permissions.setRole(chat, member, myUserId) && (
                <button
                  type="button"
                  disabled={busy}
                  aria-label={member.role === 'admin' ? t.chats.dismissAdminLabel(member.displayName) : t.chats.makeAdminLabel(member.displayName)}
                  onClick={() => {
                    const role = member.role === 'admin' ? 'member' : 'admin';
                    void run(async () => {
                      await app.client.invoke('chats.setRole', { chatId, userId: member.userId, role });
                      store.apply([{ type: 'chatRole', chatId, userId: member.userId, role, pts: 0 }]);
                    }, role === 'admin' ? t.chats.madeAdmin(member.displayName) : t.chats.dismissedAdmin(member.displayName));
                  }}
                >
                  {member.role === 'admin' ? t.chats.dismissAdmin : t.chats.makeAdmin}
                </button>
              )}
              {permissions.removeMember(chat, member, myUserId) && (
                <button
                  type="button"
                  class="danger"
                  disabled={busy}
                  aria-label={t.chats.removeMember(member.displayName)}
                  onClick={() => void run(() => store.removeMember(chatId, member.userId), t.chats.memberRemoved(member.displayName))}
                >
                  {t.chats.remove}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const name = username.trim().replace(/^@/, '');
            void run(async () => {
              const user = await store.addMember(chatId, name);
              setUsername('');
              return t.chats.memberAdded(user.displayName);
            });
          }}
        >
          <label for="group-add">{t.chats.addMemberLabel}</label>
          <div class="inline-row">
            <input
              id="group-add"
              value={username}
              autocapitalize="none"
              spellcheck={false}
              onInput={(event) => setUsername(event.currentTarget.value)}
              required
            />
            <button type="submit" disabled={busy || !username.trim()}>
              {t.chats.add}
            </button>
          </div>
        </form>
      )}
      <p class="success" role="status">
        {status ?? ''}
      </p>
      <ErrorAlert error={error} />
      {confirmLeave && <p>{t.chats.leaveConfirm}</p>}
      <div class="actions">
        <button type="button" class="danger" disabled={busy} onClick={() => (confirmLeave ? void leave() : setConfirmLeave(true))}>
          {t.chats.leaveGroup}
        </button>
        <button type="button" onClick={onClose}>
          {t.chats.close}
        </button>
      </div>
    </Dialog>
  );
}
