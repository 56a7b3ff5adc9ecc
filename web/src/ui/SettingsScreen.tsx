import { useEffect, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { SessionInfo } from '../protocol/account';
import type { App } from '../state/app';
import { orderSessions, withoutSession } from '../state/sessions';
import { checkNewPassword } from '../state/validation';
import { Dialog } from './Dialog';
import { errorText } from './errorText';
import { Field } from './Field';
import { relativeTime } from './time';
import { FormFooter } from './FormFooter';

export function SettingsScreen({ app, t }: { app: App; t: Strings }) {
  const me = app.me.value;
  return (
    <main id="main" class="settings" aria-labelledby="settings-title" tabIndex={-1}>
      <h1 id="settings-title">{t.settings.title}</h1>
      <section class="card" aria-labelledby="profile-title">
        <h2 id="profile-title">{t.settings.profile}</h2>
        <p>{me ? t.settings.signedInAs(me.displayName, me.username) : t.loading}</p>
      </section>
      <SessionList app={app} t={t} />
      <ChangePassword app={app} t={t} />
      <DeleteAccount app={app} t={t} />
    </main>
  );
}

function SessionList({ app, t }: { app: App; t: Strings }) {
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const ready = app.status.value === 'ready';

  useEffect(() => {
    if (!ready) return;
    app.client.getSessions().then(
      (result) => setSessions(orderSessions(result.sessions)),
      (error: unknown) => setMessage({ text: errorText(t, error), error: true }),
    );
  }, [ready]);

  async function revoke(session: SessionInfo) {
    try {
      await app.client.revokeSession(session.sessionId);
      setSessions((list) => withoutSession(list ?? [], session.sessionId));
      setMessage({ text: t.settings.revoked, error: false });
    } catch (error) {
      setMessage({ text: errorText(t, error), error: true });
    }
  }

  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t.settings.sessions}</h2>
      <p class="hint">{t.settings.sessionsHint}</p>
      {sessions === null ? (
        <p>{t.loading}</p>
      ) : (
        <ul class="sessions" aria-labelledby="sessions-title">
          {sessions.map((s) => (
            <li key={s.sessionId} class="session" data-session-id={s.sessionId}>
              <div>
                <strong>{s.deviceName}</strong>
                {s.current && <span class="tag">{t.settings.thisDevice}</span>}
                <div class="hint">
                  {t.settings.created(relativeTime(s.createdAt))} · {t.settings.lastActive(relativeTime(s.lastActiveAt))}
                </div>
              </div>
              {!s.current && (
                <button type="button" onClick={() => void revoke(s)} aria-label={t.settings.revokeLabel(s.deviceName)}>
                  {t.settings.revoke}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p class={message.error ? 'error' : 'success'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}

function ChangePassword({ app, t }: { app: App; t: Strings }) {
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (newPassword !== confirm) return setMessage({ text: t.settings.passwordsDiffer, error: true });
    const problem = checkNewPassword(newPassword);
    if (problem) return setMessage({ text: t.errors.codes[problem] ?? t.errors.generic, error: true });
    setBusy(true);
    try {
      await app.client.changePassword(oldPassword, newPassword);
      setOld('');
      setNew('');
      setConfirm('');
      setMessage({ text: t.settings.passwordChanged, error: false });
    } catch (error) {
      setMessage({ text: errorText(t, error), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">{t.settings.changePassword}</h2>
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <Field id="old-password" type="password" label={t.settings.oldPassword} value={oldPassword} onValue={setOld} autocomplete="current-password" required />
        <Field id="new-password" type="password" label={t.settings.newPassword} hint={t.auth.passwordHint} value={newPassword} onValue={setNew} autocomplete="new-password" required />
        <Field id="confirm-password" type="password" label={t.settings.confirmPassword} value={confirm} onValue={setConfirm} autocomplete="new-password" required />
        {message && (
          <p class={message.error ? 'error' : 'success'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {t.settings.changePassword}
        </button>
      </form>
    </section>
  );
}

function DeleteAccount({ app, t }: { app: App; t: Strings }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function close() {
    setOpen(false);
    setPassword('');
    setError(null);
  }

  async function confirm(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      await app.client.deleteAccount(password);
      await app.end(null);
    } catch (failure) {
      setError(errorText(t, failure));
      setBusy(false);
    }
  }

  return (
    <section class="card danger" aria-labelledby="delete-title">
      <h2 id="delete-title">{t.settings.dangerZone}</h2>
      <p class="hint">{t.settings.deleteHint}</p>
      <button type="button" class="danger" onClick={() => setOpen(true)}>
        {t.settings.deleteAccount}
      </button>
      {open && (
        <Dialog title={t.settings.deleteTitle} description={t.settings.deleteConfirmHint} onClose={close}>
          <form onSubmit={confirm} noValidate aria-busy={busy}>
            <Field id="delete-password" type="password" label={t.auth.password} value={password} onValue={setPassword} autocomplete="current-password" required autoFocus />
            <FormFooter error={error} dismiss={t.settings.cancel} onDismiss={close}>
              <button type="submit" class="danger" disabled={busy || password.length === 0}>
                {t.settings.deleteConfirm}
              </button>
            </FormFooter>
          </form>
        </Dialog>
      )}
    </section>
  );
}
