import type { ConnectionStatus } from '../protocol/connection';
import type { Strings } from '../i18n/en';

/** Visible only while the socket is down; role=status makes screen readers announce it without stealing focus. */
export function ConnectionBanner({ status, t }: { status: ConnectionStatus; t: Strings }) {
  const text = status === 'reconnecting' ? t.reconnecting : '';
  return (
    <div class={text ? 'banner banner-visible' : 'banner'} role="status" aria-live="polite" data-testid="connection-banner">
      {text && (
        <>
          <strong>{text}</strong> <span class="banner-hint">{t.offlineHint}</span>
        </>
      )}
    </div>
  );
}
