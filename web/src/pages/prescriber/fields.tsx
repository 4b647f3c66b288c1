// A group of checkboxes for the contraception form, built like the fields of components/forms.tsx
// (legend, hint, live error then the server's, aria wiring). Its value is a string like every
// useForm value: the chosen codes joined by commas.
import { useId } from 'react';
import { describedBy, FieldError, FieldHint, type FieldProps } from '../../components/forms';

export interface CheckboxGroup {
  heading: string;
  options: ReadonlyArray<readonly [string, string]>;
}

/** Several codes, kept as one comma-separated value; the legend names the field. */
export function CheckboxGroupField<Name extends string>({
  form,
  name,
  label,
  hint,
  groups,
  disabled,
}: FieldProps<Name> & { groups: readonly CheckboxGroup[]; disabled?: boolean }) {
  const id = useId();
  const error = form.error(name);
  const chosen = new Set(form.values[name].split(',').filter(Boolean));
  const toggle = (code: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) {
      next.add(code);
    } else {
      next.delete(code);
    }
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
              <input
                type="checkbox"
                id={`${id}-${code}`}
                checked={chosen.has(code)}
                onChange={(event) => {
                  toggle(code, event.target.checked);
                }}
                onBlur={() => {
                  form.touch(name);
                }}
              />
              <label htmlFor={`${id}-${code}`}>{text}</label>
            </div>
          ))}
        </div>
      ))}
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

/**
 * One choice among a few, as radio buttons with no default (a clinical result nobody chose stays
 * empty); the legend names the field, the live error then the server's shows under it.
 */
export function RadioGroupField<Name extends string>({
  form,
  name,
  label,
  hint,
  options,
}: FieldProps<Name> & { options: ReadonlyArray<readonly [string, string]> }) {
  const id = useId();
  const error = form.error(name);
  return (
    <fieldset className={`rx-radio-group${error === undefined ? '' : ' field-invalid'}`} aria-describedby={describedBy(id, hint, error)}>
      <legend>{label}</legend>
      {options.map(([value, text]) => (
        <div className="rx-checkbox-row" key={value}>
          <input
            type="radio"
            id={`${id}-${value}`}
            name={`${id}-${name}`}
            value={value}
            checked={form.values[name] === value}
            onChange={() => {
              form.set(name, value);
              form.touch(name);
            }}
            aria-invalid={error === undefined ? undefined : true}
          />
          <label htmlFor={`${id}-${value}`}>{text}</label>
        </div>
      ))}
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
