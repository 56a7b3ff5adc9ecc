import { useEffect, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { App } from '../state/app';
import { fromNow, inviteUrl } from '../state/moderation';
import { userName } from './chatTitle';
import { errorText } from './errorText';
import { DURATIONS } from './ModerationForms';
import { relativeTime } from './time';

/**
 * Invite links of a supergroup or channel: create one (expiry, usage limit, or approval of each join), the chat's
 * links (whoever made them) to copy or revoke, and pending join requests to decide.
 */
export function InviteLinks({ app, t, chatId, say, fail }: { app: App; t: Strings; chatId: number; say: (text: string) => void; fail: (error: unknown) => void }) {
  const invites = app.moderation.invites.value.get(chatId) ?? [];
  const users = app.chats.users.value;
  const [expiry, setExpiry] = useState(0);
  const [limit, setLimit] = useState('0');
  const [requestNeeded, setRequestNeeded] = useState(false);
  const [requests, setRequests] = useState<{ userId: number; date: number }[] | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  }

  const loadRequests = () => run(async () => setRequests(await app.moderation.joinRequests(chatId)));
  useEffect(() => {
    void loadRequests();
    void run(() => app.moderation.loadInvites(chatId));
  }, [chatId]);

  const url = (token: string) => inviteUrl(location.origin, location.pathname, token);

  async function copy(token: string) {
    try {
      await navigator.clipboard.writeText(url(token));
      say(t.invites.copied);
    } catch {
      say(t.invites.copyFailed);
    }
  }

  return (
    <section aria-labelledby="invites-title">
      <h3 id="invites-title">{t.invites.title}</h3>
      <form
        class="moderation-form"
        onSubmit={(event) => {
          event.preventDefault();
          const usageLimit = Math.max(0, Math.floor(Number(limit) || 0));
          void run(async () => {
            await app.moderation.createInvite(chatId, fromNow(expiry), usageLimit, requestNeeded);
            say(t.invites.created);
          });
        }}
      >
        <label>
          {t.invites.expires}{' '}
          <select value={String(expiry)} onChange={(event) => setExpiry(Number(event.currentTarget.value))}>
            {DURATIONS.map((d) => (
              <option key={d} value={String(d)}>
                {t.invites.expiries[d]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.invites.usageLimit}{' '}
          <input type="number" min={0} max={99999} inputMode="numeric" value={limit} disabled={requestNeeded} onInput={(event) => setLimit(event.currentTarget.value)} />
        </label>
        <label class="check">
          <input type="checkbox" checked={requestNeeded} onChange={(event) => setRequestNeeded(event.currentTarget.checked)} /> {t.invites.requestNeeded}
        </label>
        <button type="submit" disabled={busy}>
          {t.invites.create}
        </button>
      </form>
      {invites.length > 0 && (
        <ul class="invites">
          {invites.map((invite, i) => {
            const n = invites.length - i;
            return (
              <li key={invite.token} class={invite.revoked ? 'invite revoked' : 'invite'} data-token={invite.token}>
                <input class="invite-url" readOnly value={url(invite.token)} aria-label={t.invites.linkLabel(n)} onFocus={(event) => event.currentTarget.select()} />
                <span class="hint">
                  {invite.revoked
                    ? t.invites.revoked
                    : t.invites.describe(invite.usageCount, invite.usageLimit, invite.expireDate > 0 ? relativeTime(invite.expireDate) : null, invite.requestNeeded)}
                </span>
                {!invite.revoked && (
                  <span class="inline-row">
                    <button type="button" aria-label={t.invites.copyLabel(n)} onClick={() => void copy(invite.token)}>
                      {t.invites.copy}
                    </button>
                    <button
                      type="button"
                      class="danger"
                      disabled={busy}
                      aria-label={t.invites.revokeLabel(n)}
                      onClick={() =>
                        void run(async () => {
                          await app.moderation.revokeInvite(chatId, invite.token);
                          say(t.invites.revokedDone);
                        })
                      }
                    >
                      {t.invites.revoke}
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <h3 id="requests-title">{t.invites.requests}</h3>
      {requests !== null && requests.length === 0 && <p class="hint">{t.invites.noRequests}</p>}
      {requests !== null && requests.length > 0 && (
        <ul class="members" aria-labelledby="requests-title">
          {requests.map((r) => {
            const name = userName(r.userId, users, t);
            const decide = (approve: boolean) =>
              void run(async () => {
                await app.moderation.decide(chatId, r.userId, approve);
                setRequests((list) => (list ?? []).filter((x) => x.userId !== r.userId));
                say(approve ? t.invites.approved(name) : t.invites.declined(name));
                if (approve) await app.chats.members(chatId);
              });
            return (
              <li key={r.userId} class="member" data-user-id={r.userId}>
                <span class="member-name">
                  {name} <span class="hint">{relativeTime(r.date)}</span>
                </span>
                <span class="inline-row">
                  <button type="button" disabled={busy} aria-label={t.invites.approveLabel(name)} onClick={() => decide(true)}>
                    {t.invites.approve}
                  </button>
                  <button type="button" class="danger" disabled={busy} aria-label={t.invites.declineLabel(name)} onClick={() => decide(false)}>
                    {t.invites.decline}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" class="link" disabled={busy} onClick={() => void loadRequests()}>
        {t.invites.refresh}
      </button>
    </section>
  );
}
