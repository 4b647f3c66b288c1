// Field pieces the pharmacist's forms need beyond components/forms.tsx.
import { useId } from 'react';
import type { FormState, Validator } from '../../components/forms';

export const wholeNumber: Validator = (value) => (value === '' || /^\d+$/.test(value.trim()) ? undefined : 'A whole number.');

export const notBefore =
  (earliest: string, what: string): Validator =>
  (value) =>
    value !== '' && value < earliest ? `Cannot be before ${what}.` : undefined;

/** A checkbox kept in a useForm as 'true' or ''. */
export function CheckboxField<Name extends string>({ form, name, label, hint }: { form: FormState<Name>; name: Name; label: string; hint?: string }) {
  const id = useId();
  const error = form.error(name);
  const describedBy = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`field field-checkbox${error === undefined ? '' : ' field-invalid'}`}>
      <div className="checkbox-line">
        <input
          id={id}
          type="checkbox"
          name={name}
          checked={form.values[name] === 'true'}
          onChange={(event) => {
            form.set(name, event.target.checked ? 'true' : '');
            form.touch(name);
          }}
          aria-invalid={error === undefined ? undefined : true}
          aria-describedby={describedBy === '' ? undefined : describedBy}
        />
        <label htmlFor={id}>{label}</label>
      </div>
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
    </div>
  );
}
