import { useEffect, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { Chat } from '../protocol/messaging';
import type { App } from '../state/app';
import { Dialog } from './Dialog';
import { errorText } from './errorText';
import { ErrorAlert } from './FormFooter';

/**
 * The lock of an end-to-end encrypted chat and, for a private chat, its safety number (docs/SECURITY.md "Safety
 * numbers"): the same 60 digits the other person's device shows (the Java CLI's `verify` too) when nobody
 * substituted a key. Opening it remembers their keys, so a later change is announced here.
 */
export function EncryptionBadge({ app, t, chat }: { app: App; t: Strings; chat: Chat }) {
  const [open, setOpen] = useState(false);
  const [hidden, setHidden] = useState(false);
  const secure = app.e2e.value;
  // The group's MLS members against the server's member list (docs/SECURITY.md, "Roster check"): a device in the group
  // of someone the chat does not list holds its keys until a commit removes it (every send reconciles first).
  useEffect(() => {
    setHidden(false);
    if (!secure || !chat.e2e) return;
    let current = true;
    secure.checkRoster(chat.chatId).then(
      (check) => current && setHidden((check?.readersNotMembers.length ?? 0) > 0),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [secure, chat.chatId, chat.e2e, chat.memberCount]);
  if (!chat.e2e) return null;
  const peerId = chat.kind === 'private' ? chat.peerId : undefined;
  return (
    <>
      <span class="e2e-lock" role="img" aria-label={t.e2e.encrypted} title={t.e2e.encrypted}>
        🔒
      </span>
      {hidden && (
        <span class="error" role="alert">
          {t.e2e.rosterMismatch}
        </span>
      )}
      <DisappearingTimer app={app} t={t} chatId={chat.chatId} />
      {peerId !== undefined && (
        <button type="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
          {t.e2e.verify}
        </button>
      )}
      {open && peerId !== undefined && <SafetyNumberDialog app={app} t={t} peerId={peerId} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * The chat's disappearing-message timer (any member may set it; docs/protocol/e2e.md): every device forgets texts
 * older than it and the server deletes their ciphertext.
 */
function DisappearingTimer({ app, t, chatId }: { app: App; t: Strings; chatId: number }) {
  const secure = app.e2e.value;
  const [seconds, setSeconds] = useState(() => secure?.secure.timerOf(chatId) ?? 0);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => setSeconds(secure?.secure.timerOf(chatId) ?? 0), [secure, chatId]);
  if (!secure) return null;
  const options = t.e2e.timerOptions.some(([value]) => value === seconds)
    ? t.e2e.timerOptions
    : [...t.e2e.timerOptions, [seconds, t.e2e.timerCustom(seconds)] as const];
  // Disabled until the server took the change and this device stored it, so a reload in between cannot lose it.
  function change(next: number) {
    const before = seconds;
    setSeconds(next);
    setSaving(true);
    setError(null);
    secure!.secure
      .setTimer(chatId, next)
      .catch((failure: unknown) => {
        setSeconds(before);
        setError(errorText(t, failure));
      })
      .finally(() => setSaving(false));
  }
  return (
    <>
      <span class="e2e-timer">
        <label for={`e2e-timer-${chatId}`}>{t.e2e.timer}</label>{' '}
        <select id={`e2e-timer-${chatId}`} value={String(seconds)} disabled={saving} onChange={(event) => change(Number(event.currentTarget.value))}>
          {options.map(([value, label]) => (
            <option key={value} value={String(value)}>
              {label}
            </option>
          ))}
        </select>
      </span>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

function SafetyNumberDialog({ app, t, peerId, onClose }: { app: App; t: Strings; peerId: number; onClose: () => void }) {
  const [result, setResult] = useState<{ digits: string; changed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const secure = app.e2e.value;
  useEffect(() => {
    if (!secure) return;
    secure.verify(peerId).then(
      (v) => setResult({ digits: v.safetyNumber, changed: v.changed }),
      (failure: unknown) => setError(errorText(t, failure)),
    );
  }, [secure, peerId]);
  return (
    <Dialog title={t.e2e.safetyNumberTitle} description={t.e2e.safetyNumberHint} onClose={onClose}>
      {result ? (
        <>
          <p class="safety-number" data-testid="safety-number">
            {result.digits}
          </p>
          {result.changed && (
            <p class="error" role="alert">
              {t.e2e.keysChanged}
            </p>
          )}
        </>
      ) : (
        <p class="hint">{secure ? t.loading : t.e2e.starting}</p>
      )}
      <ErrorAlert error={error} />
      <div class="actions">
        <button type="button" class="primary" onClick={onClose}>
          {t.e2e.close}
        </button>
      </div>
    </Dialog>
  );
}
