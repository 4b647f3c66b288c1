// Form fields the shared components/forms.tsx does not have yet, built the same way (label, hint,
// live error then the server's, aria wiring): a text area, a checkbox and a group of checkboxes.
// Their values are strings like every useForm value: 'true'/'false', and codes joined by commas.
import { useId, type TextareaHTMLAttributes } from 'react';
import type { FormState } from '../../components/forms';

interface FieldProps<Name extends string> {
  form: FormState<Name>;
  name: Name;
  label: string;
  hint?: string;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter(Boolean).join(' ');
  return ids === '' ? undefined : ids;
}

function Messages({ id, hint, error }: { id: string; hint: string | undefined; error: string | undefined }) {
  return (
    <>
      {hint === undefined ? null : (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error === undefined ? null : (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </>
  );
}

export function TextAreaField<Name extends string>({ form, name, label, hint, ...textarea }: FieldProps<Name> & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'form' | 'name'>) {
  const id = useId();
  const error = form.error(name);
  return (
    <div className={`field${error === undefined ? '' : ' field-invalid'}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={3}
        value={form.values[name]}
        onChange={(event) => form.set(name, event.target.value)}
        onBlur={() => form.touch(name)}
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={describedBy(id, hint, error)}
        {...textarea}
      />
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckboxField<Name extends string>({ form, name, label, hint }: FieldProps<Name>) {
  const id = useId();
  const error = form.error(name);
  return (
    <div className={`field rx-field-checkbox${error === undefined ? '' : ' field-invalid'}`}>
      <div className="rx-checkbox-row">
        <input
          type="checkbox"
          id={id}
          name={name}
          checked={form.values[name] === 'true'}
          onChange={(event) => form.set(name, event.target.checked ? 'true' : 'false')}
          onBlur={() => form.touch(name)}
          aria-invalid={error === undefined ? undefined : true}
          aria-describedby={describedBy(id, hint, error)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      <Messages id={id} hint={hint} error={error} />
    </div>
  );
}

export interface CheckboxGroup {
  heading: string;
  options: ReadonlyArray<readonly [string, string]>;
}

/** Several codes, kept as one comma-separated value; the legend names the field. */
export function CheckboxGroupField<Name extends string>({ form, name, label, hint, groups, disabled }: FieldProps<Name> & { groups: readonly CheckboxGroup[]; disabled?: boolean }) {
  const id = useId();
  const error = form.error(name);
  const chosen = new Set(form.values[name].split(',').filter(Boolean));
  const toggle = (code: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(code);
    else next.delete(code);
    form.set(name, [...next].join(','));
  };
  return (
    <fieldset className={`rx-checkbox-group${error === undefined ? '' : ' field-invalid'}`} aria-describedby={describedBy(id, hint, error)} disabled={disabled}>
      <legend>{label}</legend>
      {groups.map((group) => (
        <div key={group.heading} className="rx-checkbox-subgroup">
          <p className="rx-checkbox-heading">{group.heading}</p>
          {group.options.map(([code, text]) => (
            <div className="rx-checkbox-row" key={code}>
              <input type="checkbox" id={`${id}-${code}`} checked={chosen.has(code)} onChange={(event) => toggle(code, event.target.checked)} onBlur={() => form.touch(name)} />
              <label htmlFor={`${id}-${code}`}>{text}</label>
            </div>
          ))}
        </div>
      ))}
      <Messages id={id} hint={hint} error={error} />
    </fieldset>
  );
}
