import { useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { App } from '../state/app';
import { checkDisplayName, checkNewPassword, checkUsername } from '../state/validation';
import { Field } from './Field';
import { ErrorAlert } from './FormFooter';
import { useAction } from './useAction';

/** Log in or register; both end in App.begin, which opens the socket and goes to the chat list. */
export function AuthScreen({ app, t, mode }: { app: App; t: Strings; mode: 'login' | 'register' }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const { error, setError, busy, run } = useAction(t, 'leaves');
  const registering = mode === 'register';
  const notice = app.notice.value;

  async function submit(event: Event) {
    event.preventDefault();
    if (registering) {
      const problem = checkUsername(username) ?? checkNewPassword(password) ?? checkDisplayName(displayName);
      if (problem) {
        setError(t.errors.codes[problem] ?? t.errors.generic);
        return;
      }
    }
    await run(async () => {
      if (registering) await app.register(username.trim(), password, displayName.trim());
      else await app.login(username.trim(), password);
    });
  }

  const title = registering ? t.auth.registerTitle : t.auth.loginTitle;
  return (
    <main id="main" class="auth" aria-labelledby="auth-title">
      <form class="card auth-card" onSubmit={submit} noValidate aria-busy={busy}>
        <h1 id="auth-title">{title}</h1>
        {notice && !registering && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <Field
          id="username"
          label={t.auth.username}
          {...(registering ? { hint: t.auth.usernameHint } : {})}
          value={username}
          onValue={setUsername}
          autocomplete="username"
          verbatim
          required
        />
        {registering && (
          <Field id="display-name" label={t.auth.displayName} hint={t.auth.displayNameHint} value={displayName} onValue={setDisplayName} autocomplete="name" />
        )}
        <Field
          id="password"
          type="password"
          label={t.auth.password}
          {...(registering ? { hint: t.auth.passwordHint } : {})}
          value={password}
          onValue={setPassword}
          autocomplete={registering ? 'new-password' : 'current-password'}
          required
        />
        <ErrorAlert error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.auth.busy : registering ? t.auth.register : t.auth.login}
        </button>
        <p class="switch">
          <a href={registering ? '#/login' : '#/register'}>{registering ? t.auth.toLogin : t.auth.toRegister}</a>
        </p>
      </form>
    </main>
  );
}
