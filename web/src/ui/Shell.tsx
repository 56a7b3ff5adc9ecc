import type { ComponentChildren } from 'preact';
import type { Strings } from '../i18n/en';
import type { App } from '../state/app';
import { ConnectionBanner } from './ConnectionBanner';

/** The signed-in frame: skip link, header with navigation, the connection banner, then the screen. */
export function Shell({ app, t, children }: { app: App; t: Strings; children: ComponentChildren }) {
  const route = app.route.value.name;
  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t.skipToContent}
      </a>
      <header class="topbar">
        <span class="brand">{t.appName}</span>
        <nav aria-label={t.nav.label}>
          <a href="#/chats" aria-current={route === 'chats' || route === 'chat' ? 'page' : undefined}>
            {t.nav.chats}
          </a>
          <a href="#/settings" aria-current={route === 'settings' ? 'page' : undefined}>
            {t.nav.settings}
          </a>
          <button type="button" class="link" onClick={() => void app.logout()}>
            {t.nav.logout}
          </button>
        </nav>
      </header>
      <ConnectionBanner status={app.status.value} t={t} />
      {children}
    </div>
  );
}
