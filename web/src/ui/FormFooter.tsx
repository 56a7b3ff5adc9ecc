import type { ComponentChildren } from 'preact';

/** A failure to show where it happened, announced at once (role="alert"); nothing while there is none. */
export function ErrorAlert({ error, pad }: { error: string | null; pad?: boolean }) {
  if (!error) return null;
  return (
    <p class={pad ? 'error pad' : 'error'} role="alert">
      {error}
    </p>
  );
}

/**
 * The foot of a dialog or form: its error, then its row of buttons, the first of which (`dismiss`) leaves without
 * acting; `children` are the buttons that act.
 */
export function FormFooter(props: { error?: string | null; dismiss: string; onDismiss: () => void; children?: ComponentChildren }) {
  const { error = null, dismiss, onDismiss, children } = props;
  return (
    <>
      <ErrorAlert error={error} />
      <div class="actions">
        <button type="button" onClick={onDismiss}>
          {dismiss}
        </button>
        {children}
      </div>
    </>
  );
}
