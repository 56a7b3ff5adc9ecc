import { useEffect, useRef, useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import { ADMIN_RIGHTS, MEMBER_PERMISSIONS, type AdminRights, type MemberPermissions } from '../protocol/community';
import { NO_RIGHTS } from '../state/moderation';
import { FormFooter } from './FormFooter';

/** The durations offered for restrictions (seconds; 0 = forever), also used for invite expiry. */
export const DURATIONS = [0, 3600, 86400, 604800];

/** Moves focus to a form's heading when it opens, so screen readers announce what is being edited. */
function useFocusOnOpen() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return heading;
}

/**
 * Admin rights of one member as checkboxes (Telegram's set as the server models it). Saving with none checked
 * demotes; "Dismiss admin" does that in one step for someone who is an admin.
 */
export function RightsForm(props: {
  t: Strings;
  name: string;
  initial: AdminRights;
  isAdmin: boolean;
  busy: boolean;
  onSave: (rights: AdminRights) => void;
  onCancel: () => void;
}) {
  const { t, name, initial, isAdmin, busy, onSave, onCancel } = props;
  const [rights, setRights] = useState<AdminRights>(initial);
  const heading = useFocusOnOpen();
  return (
    <form
      class="moderation-form"
      aria-labelledby="rights-title"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(rights);
      }}
    >
      <h4 id="rights-title" tabIndex={-1} ref={heading}>
        {t.admin.rightsFor(name)}
      </h4>
      <fieldset>
        <legend class="visually-hidden">{t.admin.rightsFor(name)}</legend>
        {ADMIN_RIGHTS.map((right) => (
          <label key={right} class="check">
            <input type="checkbox" name={right} checked={rights[right] === true} onChange={(event) => setRights({ ...rights, [right]: event.currentTarget.checked })} />{' '}
            {t.admin.rights[right]}
          </label>
        ))}
      </fieldset>
      <FormFooter dismiss={t.admin.cancel} onDismiss={onCancel}>
        {isAdmin && (
          <button type="button" class="danger" disabled={busy} onClick={() => onSave(NO_RIGHTS)}>
            {t.admin.dismissAdmin}
          </button>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {t.admin.saveRights}
        </button>
      </FormFooter>
    </form>
  );
}

/** What a restricted member may still do, and for how long. */
export function RestrictForm(props: {
  t: Strings;
  name: string;
  initial: MemberPermissions;
  busy: boolean;
  onSave: (permissions: MemberPermissions, seconds: number) => void;
  onCancel: () => void;
}) {
  const { t, name, initial, busy, onSave, onCancel } = props;
  const [permissions, setPermissions] = useState<MemberPermissions>(initial);
  const [seconds, setSeconds] = useState(0);
  const heading = useFocusOnOpen();
  return (
    <form
      class="moderation-form"
      aria-labelledby="restrict-title"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(permissions, seconds);
      }}
    >
      <h4 id="restrict-title" tabIndex={-1} ref={heading}>
        {t.admin.restrictFor(name)}
      </h4>
      <fieldset>
        <legend class="visually-hidden">{t.admin.restrictFor(name)}</legend>
        {MEMBER_PERMISSIONS.map((p) => (
          <label key={p} class="check">
            <input type="checkbox" name={p} checked={permissions[p] === true} onChange={(event) => setPermissions({ ...permissions, [p]: event.currentTarget.checked })} />{' '}
            {t.admin.permissions[p]}
          </label>
        ))}
      </fieldset>
      <label>
        {t.admin.until}{' '}
        <select value={String(seconds)} onChange={(event) => setSeconds(Number(event.currentTarget.value))}>
          {DURATIONS.map((d) => (
            <option key={d} value={String(d)}>
              {t.admin.durations[d]}
            </option>
          ))}
        </select>
      </label>
      <FormFooter dismiss={t.admin.cancel} onDismiss={onCancel}>
        <button type="submit" class="primary" disabled={busy}>
          {t.admin.saveRestriction}
        </button>
      </FormFooter>
    </form>
  );
}

/** A supergroup's default member permissions (what plain members may do unless restricted further). */
export function DefaultsForm(props: { t: Strings; initial: MemberPermissions; busy: boolean; onSave: (permissions: MemberPermissions) => void }) {
  const { t, initial, busy, onSave } = props;
  const [permissions, setPermissions] = useState<MemberPermissions>(initial);
  return (
    <form
      class="moderation-form"
      aria-labelledby="defaults-title"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(permissions);
      }}
    >
      <fieldset>
        <legend id="defaults-title">{t.admin.defaults}</legend>
        {MEMBER_PERMISSIONS.map((p) => (
          <label key={p} class="check">
            <input type="checkbox" checked={permissions[p] === true} onChange={(event) => setPermissions({ ...permissions, [p]: event.currentTarget.checked })} />{' '}
            {t.admin.permissions[p]}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy}>
        {t.admin.saveDefaults}
      </button>
    </form>
  );
}
