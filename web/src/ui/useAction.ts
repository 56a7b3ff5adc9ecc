import { useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import { errorText } from './errorText';

/**
 * The busy flag and error of a component's actions. `run` marks it busy (its buttons disable) and clears the last
 * error while an action runs; a failure shows its error and frees the buttons. After a success the buttons free
 * again if the component `stays`; if the action `leaves` (closes its dialog, leaves the screen) they stay disabled
 * until the component is gone, so a second click cannot repeat the action.
 */
export function useAction(t: Strings, afterSuccess: 'stays' | 'leaves') {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (afterSuccess === 'stays') setBusy(false);
    } catch (failure) {
      setError(errorText(t, failure));
      setBusy(false);
    }
  }

  return { error, setError, busy, run };
}
