interface Props {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'password';
  autocomplete?: string;
  required?: boolean;
  autoFocus?: boolean;
  /** Usernames: no auto-capitalisation or spell check. */
  verbatim?: boolean;
}

/** A labelled input whose hint is announced with it (aria-describedby). */
export function Field({ id, label, hint, value, onValue, type = 'text', autocomplete, required, autoFocus, verbatim }: Props) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact types the input by a union keyed on `type`; both of ours accept the same attributes.
        type={type as 'text'}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        autocomplete={autocomplete}
        required={required}
        autoFocus={autoFocus}
        autocapitalize={verbatim ? 'none' : undefined}
        spellcheck={verbatim ? false : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}
