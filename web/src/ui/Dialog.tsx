import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { trapFocus } from './focusTrap';

interface Props {
  title: string;
  description: string;
  onClose: () => void;
  /** `alertdialog` for a message that needs acknowledging. */
  role?: 'dialog' | 'alertdialog';
  children: ComponentChildren;
}

/**
 * A modal dialog: the native <dialog> shown with showModal() makes the page behind it inert, Escape closes it,
 * Tab is trapped inside, and focus returns to whatever opened it.
 */
export function Dialog({ title, description, onClose, role, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const release = trapFocus(dialog);
    const onCancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      release();
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog ref={ref} class="dialog" role={role} aria-labelledby="dialog-title" aria-describedby="dialog-description">
      <h2 id="dialog-title">{title}</h2>
      <p id="dialog-description">{description}</p>
      {children}
    </dialog>
  );
}
