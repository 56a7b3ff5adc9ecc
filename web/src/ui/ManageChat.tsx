import { useEffect, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { AdminRights, MemberPermissions } from '../protocol/community';
import type { Member } from '../protocol/messaging';
import type { App } from '../state/app';
import { countKey } from '../state/comments';
import { ALL_PERMISSIONS, DEFAULT_ADMIN_RIGHTS, fromNow, type Moderation } from '../state/moderation';
import { Dialog } from './Dialog';
import { errorText } from './errorText';
import { InviteLinks } from './InviteLinks';
import { DefaultsForm, RestrictForm, RightsForm } from './ModerationForms';
import { messageTime } from './time';
import { FormFooter } from './FormFooter';

const SLOW_MODES = [0, 10, 30, 60, 300, 900, 3600];

type Editing = { kind: 'rights' | 'restrict'; member: Member } | null;

/**
 * The moderation screen of a supergroup or channel for its owner and admins: members with their roles (appoint
 * and dismiss admins with rights, restrict, ban), banned users, slow mode (supergroups), the discussion group
 * (channels) and invite links. The server decides what the user's own rights allow and answers FORBIDDEN otherwise.
 */
export function ManageChat({ app, t, chatId, title, onClose }: { app: App; t: Strings; chatId: number; title: string; onClose: () => void }) {
  const state = app.chats.state.value;
  const chat = state.chats.get(chatId)?.chat;
  const members = state.members.get(chatId);
  const users = app.chats.users.value;
  const myUserId = app.session.value?.userId ?? 0;
  const [moderation, setModeration] = useState<Moderation | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [slowMode, setSlowMode] = useState<number | null>(null);
  const [discussion, setDiscussion] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = async () => {
    const [fresh] = await Promise.all([app.moderation.load(chatId), app.chats.members(chatId)]);
    setModeration(fresh);
  };
  useEffect(() => {
    reload().catch((failure: unknown) => setError(errorText(t, failure)));
  }, [chatId]);

  if (!chat) return null;
  const supergroup = chat.kind === 'supergroup';
  const groups = [...state.chats.values()].map((e) => e.chat).filter((c) => c.kind === 'supergroup' && c.myRole !== 'member');
  // No method reads a channel's discussion group; the thread of its newest post with comments tells the current one.
  const linked = linkedGroup(app, chatId);
  const chosenGroup = discussion ?? (linked !== undefined && groups.some((g) => g.chatId === linked) ? String(linked) : '');
  const name = (userId: number) => users.get(userId)?.displayName ?? t.chats.unknownUser(userId);

  /** Runs a change, then shows `done` and reloads members and the log so the lists show the result. */
  async function run(action: () => Promise<void>, done: string) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await action();
      setEditing(null);
      setStatus(done);
      await reload();
    } catch (failure) {
      setError(errorText(t, failure));
    } finally {
      setBusy(false);
    }
  }

  const saveRights = (member: Member, rights: AdminRights) => {
    const dismiss = !Object.values(rights).some(Boolean);
    void run(() => app.moderation.setAdmin(chatId, member.userId, rights), dismiss ? t.admin.dismissed(member.displayName) : t.admin.rightsSaved(member.displayName));
  };
  const saveRestriction = (member: Member, permissions: MemberPermissions, seconds: number) =>
    void run(() => app.moderation.restrict(chatId, member.userId, permissions, fromNow(seconds)), t.admin.restricted(member.displayName));

  return (
    <Dialog title={t.admin.title(title)} description={t.admin.hint} onClose={onClose}>
      <section aria-labelledby="manage-members">
        <h3 id="manage-members">{t.admin.members}</h3>
        {!members && <p class="hint">{t.loading}</p>}
        <ul class="members" aria-labelledby="manage-members">
          {members?.map((member) => {
            const self = member.userId === myUserId;
            const restricted = moderation?.restricted.has(member.userId) === true;
            return (
              <li key={member.userId} class="member" data-user-id={member.userId}>
                <span class="member-name">
                  <strong>{self ? t.chats.you : member.displayName}</strong>{' '}
                  <span class="hint">
                    @{member.username} · {t.chats.role[member.role] ?? member.role}
                    {restricted ? ` · ${t.admin.restrictedMark}` : ''}
                  </span>
                </span>
                {!self && member.role !== 'owner' && (
                  <span class="inline-row">
                    <button
                      type="button"
                      aria-label={t.admin.editRightsLabel(member.displayName)}
                      aria-expanded={editing?.kind === 'rights' && editing.member.userId === member.userId}
                      onClick={() => setEditing({ kind: 'rights', member })}
                    >
                      {t.admin.editRights}
                    </button>
                    {supergroup && member.role === 'member' && (
                      <button
                        type="button"
                        aria-label={t.admin.restrictLabel(member.displayName)}
                        aria-expanded={editing?.kind === 'restrict' && editing.member.userId === member.userId}
                        onClick={() => setEditing({ kind: 'restrict', member })}
                      >
                        {t.admin.restrict}
                      </button>
                    )}
                    <button
                      type="button"
                      class="danger"
                      disabled={busy}
                      aria-label={t.admin.banLabel(member.displayName)}
                      onClick={() => void run(() => app.moderation.ban(chatId, member.userId, 0), t.admin.banned(member.displayName))}
                    >
                      {t.admin.ban}
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        {editing?.kind === 'rights' && (
          <RightsForm
            key={`r${editing.member.userId}`}
            t={t}
            name={editing.member.displayName}
            initial={moderation?.rights.get(editing.member.userId) ?? DEFAULT_ADMIN_RIGHTS}
            isAdmin={editing.member.role === 'admin'}
            busy={busy}
            onSave={(rights) => saveRights(editing.member, rights)}
            onCancel={() => setEditing(null)}
          />
        )}
        {editing?.kind === 'restrict' && (
          <RestrictForm
            key={`x${editing.member.userId}`}
            t={t}
            name={editing.member.displayName}
            initial={moderation?.restricted.get(editing.member.userId)?.permissions ?? ALL_PERMISSIONS}
            busy={busy}
            onSave={(permissions, seconds) => saveRestriction(editing.member, permissions, seconds)}
            onCancel={() => setEditing(null)}
          />
        )}
      </section>
      <section aria-labelledby="manage-banned">
        <h3 id="manage-banned">{t.admin.bannedTitle}</h3>
        {moderation && moderation.banned.size === 0 && <p class="hint">{t.admin.noneBanned}</p>}
        <ul class="members" aria-labelledby="manage-banned">
          {[...(moderation?.banned ?? [])].map(([userId, until]) => (
            <li key={userId} class="member" data-banned-id={userId}>
              <span class="member-name">
                {name(userId)} {until > 0 && <span class="hint">{t.admin.bannedUntil(messageTime(until))}</span>}
              </span>
              <button type="button" disabled={busy} aria-label={t.admin.unbanLabel(name(userId))} onClick={() => void run(() => app.moderation.unban(chatId, userId), t.admin.unbanned(name(userId)))}>
                {t.admin.unban}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {supergroup && moderation && (
        <DefaultsForm
          key={JSON.stringify(moderation.defaults ?? null)}
          t={t}
          initial={moderation.defaults ?? ALL_PERMISSIONS}
          busy={busy}
          onSave={(permissions) => void run(() => app.moderation.setDefaultPermissions(chatId, permissions), t.admin.defaultsSaved)}
        />
      )}
      {supergroup && (
        <form
          class="moderation-form"
          onSubmit={(event) => {
            event.preventDefault();
            const seconds = slowMode ?? moderation?.slowMode ?? 0;
            void run(() => app.moderation.setSlowMode(chatId, seconds), t.admin.slowModeSaved);
          }}
        >
          <label for="slow-mode">{t.admin.slowMode}</label>
          <div class="inline-row">
            <select id="slow-mode" aria-describedby="slow-mode-hint" value={String(slowMode ?? moderation?.slowMode ?? 0)} onChange={(event) => setSlowMode(Number(event.currentTarget.value))}>
              {SLOW_MODES.map((s) => (
                <option key={s} value={String(s)}>
                  {t.admin.slowModes[s]}
                </option>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              {t.admin.saveSlowMode}
            </button>
          </div>
          <p id="slow-mode-hint" class="hint">
            {t.admin.slowModeHint}
          </p>
        </form>
      )}
      {chat.kind === 'channel' && (
        <form
          class="moderation-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => app.moderation.setDiscussionGroup(chatId, chosenGroup ? Number(chosenGroup) : null), t.admin.discussionSaved);
          }}
        >
          <label for="discussion-group">{t.admin.discussion}</label>
          <div class="inline-row">
            <select id="discussion-group" aria-describedby="discussion-hint" value={chosenGroup} onChange={(event) => setDiscussion(event.currentTarget.value)}>
              <option value="">{t.admin.discussionNone}</option>
              {groups.map((g) => (
                <option key={g.chatId} value={String(g.chatId)}>
                  {g.title}
                </option>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              {t.admin.saveDiscussion}
            </button>
          </div>
          <p id="discussion-hint" class="hint">
            {t.admin.discussionHint}
          </p>
        </form>
      )}
      <InviteLinks
        app={app}
        t={t}
        chatId={chatId}
        say={(text) => {
          setError(null);
          setStatus(text);
        }}
        fail={(failure) => setError(errorText(t, failure))}
      />
      <p class="success" role="status">
        {status ?? ''}
      </p>
      <FormFooter error={error} dismiss={t.chats.close} onDismiss={onClose} />
    </Dialog>
  );
}

/** The discussion group of the newest post of this channel whose comment count is known, if any. */
function linkedGroup(app: App, channelId: number): number | undefined {
  let newest: { id: number; groupId: number } | undefined;
  for (const c of app.comments.state.value.counts.values()) {
    if (app.comments.state.value.counts.get(countKey(channelId, c.id)) !== c) continue;
    if (!newest || c.id > newest.id) newest = c;
  }
  return newest?.groupId;
}
