// Field pieces the patient's forms need beyond components/forms.tsx: a group of radio buttons
// (one answer of several) kept in a useForm, with its live check and the server's message.
import { useId, type ReactNode } from 'react';
import { describedBy, FieldError, FieldHint, type FormState } from '../../components/forms';

export function RadioGroup<Name extends string>({
  form,
  name,
  legend,
  options,
  hint,
  className,
  children,
}: {
  form: FormState<Name>;
  name: Name;
  legend: ReactNode;
  options: ReadonlyArray<readonly [string, string]>;
  hint?: string;
  className?: string;
  children?: ReactNode;
}) {
  const id = useId();
  const error = form.error(name);
  return (
    <fieldset
      className={`radio-group${error === undefined ? '' : ' field-invalid'}${className === undefined ? '' : ` ${className}`}`}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend>{legend}</legend>
      <FieldHint id={id} hint={hint} />
      <div className="radio-options">
        {options.map(([value, label], index) => (
          <label key={value} className="radio-option" htmlFor={`${id}-${index}`}>
            <input
              id={`${id}-${index}`}
              type="radio"
              name={`${id}-${name}`}
              value={value}
              checked={form.values[name] === value}
              onChange={() => {
                form.set(name, value);
                form.touch(name);
              }}
            />
            <span>{label}</span>
          </label>
        ))}
      </div>
      {children}
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
