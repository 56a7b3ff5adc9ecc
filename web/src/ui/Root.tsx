import type { Strings } from '../i18n/en';
import type { App } from '../state/app';
import { AuthScreen } from './AuthScreen';
import { ChatsScreen } from './ChatsScreen';
import { JoinScreen } from './JoinScreen';
import { SettingsScreen } from './SettingsScreen';
import { Shell } from './Shell';

/** Picks the screen from the session and the route; reading the signals here re-renders on change. */
export function Root({ app, t }: { app: App; t: Strings }) {
  const route = app.route.value;
  if (!app.session.value) {
    return <AuthScreen key={route.name} app={app} t={t} mode={route.name === 'register' ? 'register' : 'login'} />;
  }
  return (
    <Shell app={app} t={t}>
      {route.name === 'settings' ? (
        <SettingsScreen app={app} t={t} />
      ) : route.name === 'join' ? (
        <JoinScreen key={route.token} app={app} t={t} token={route.token} />
      ) : (
        <ChatsScreen app={app} t={t} />
      )}
    </Shell>
  );
}
