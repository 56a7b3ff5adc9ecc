import { useEffect, useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { App } from '../state/app';
import { ErrorAlert } from './FormFooter';
import { useAction } from './useAction';

/**
 * `#/join/<token>`: an invite link opened in the app. Joining is an explicit choice (a link alone must not make
 * someone a member); a link that needs approval files a request and says so.
 */
export function JoinScreen({ app, t, token }: { app: App; t: Strings; token: string }) {
  const { error, busy, run } = useAction(t, 'stays');
  const [requested, setRequested] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  function join() {
    return run(async () => {
      const chatId = await app.chats.joinByInvite(token);
      if (chatId === null) setRequested(true);
      else app.navigate({ name: 'chat', chatId });
    });
  }

  return (
    <main id="main" class="settings" aria-labelledby="join-title" tabIndex={-1}>
      <h1 id="join-title" tabIndex={-1} ref={heading}>
        {t.invites.joinTitle}
      </h1>
      <section class="card">
        <p>{t.invites.joinHint}</p>
        {requested ? (
          <p class="success" role="status">
            {t.invites.requested}
          </p>
        ) : (
          <button type="button" class="primary" disabled={busy || app.status.value !== 'ready'} onClick={() => void join()}>
            {t.invites.joinButton}
          </button>
        )}
        <ErrorAlert error={error} />
        <p>
          <a href="#/chats">{t.nav.chats}</a>
        </p>
      </section>
    </main>
  );
}
