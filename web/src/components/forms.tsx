// Hand-written, not react-hook-form/zod: a handful of one-line validators mirroring the server's TypeBox schema, which stays the authority (its field errors are shown as sent).
// Form building blocks. Every field validates as the user types (after they first leave it) with
// the same limits as the server's schema, and shows the server's own message for it when a submit
// is refused; the submit button shows progress and the form a summary of what went wrong.
import {
  useId,
  useState,
  type ChangeEvent,
  type SyntheticEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { ApiError } from '../api';
import { useLanguage, useWords } from '../i18n/I18n';
import { problemWords } from '../i18n/problemWords';
import { ReasonList } from './reasons';

export type Validator = (value: string) => string | undefined;
/**
 * A check that depends on other fields: it is given the whole form's values at the time of the
 * check (never read from a ref written during render). Every Validator is one.
 */
export type CrossFieldValidator<Name extends string> = (value: string, values: Readonly<Record<Name, string>>) => string | undefined;

export const required: Validator = (value) => (value.trim() === '' ? 'Required.' : undefined);
export const isoDate: Validator = (value) =>
  value === '' ||
  (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value))
    ? undefined
    : 'A real date, written YYYY-MM-DD.';
export const notAfter =
  (latest: string, what = 'today'): Validator =>
  (value) =>
    value !== '' && value > latest ? `Cannot be after ${what}.` : undefined;
/** `earliest` may be a function of the form's values, for a limit that is another field's value at the time of the check. */
export const notBefore =
  <Name extends string = string>(earliest: string | ((values: Readonly<Record<Name, string>>) => string), what: string): CrossFieldValidator<Name> =>
  (value, values) => {
    const limit = typeof earliest === 'function' ? earliest(values) : earliest;
    return value !== '' && limit !== '' && value < limit ? `Cannot be before ${what}.` : undefined;
  };
export const numberBetween =
  (min: number, max: number): Validator =>
  (value) => {
    if (value === '') {
      return undefined;
    }
    const number = Number(value);
    return Number.isFinite(number) && number >= min && number <= max ? undefined : `A number from ${min} to ${max}.`;
  };
export const wholeNumber: Validator = (value) => (value === '' || /^\d+$/.test(value.trim()) ? undefined : 'A whole number.');
export const wholeNumberBetween =
  (min: number, max: number, why?: string): Validator =>
  (value) => {
    if (value === '') {
      return undefined;
    }
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max ? undefined : (why ?? `A whole number from ${min} to ${max}.`);
  };
export const maxLength =
  (length: number): Validator =>
  (value) =>
    value.length > length ? `At most ${length} characters.` : undefined;

/** A shared form check with its message in the reader's language (the check is the same; the words are the page's). */
export function worded(check: Validator, message: string): Validator {
  return (value) => (check(value) === undefined ? undefined : message);
}

export interface FormState<Name extends string> {
  values: Record<Name, string>;
  set(name: Name, value: string): void;
  touch(name: Name): void;
  /** The message to show under a field: the live check once touched, else the server's. */
  error(name: Name): string | undefined;
  serverError: ApiError | null;
  busy: boolean;
  submit(event: SyntheticEvent): Promise<void>;
  reset(): void;
}

export function useForm<Name extends string>(
  initial: Record<Name, string>,
  validators: Partial<Record<NoInfer<Name>, Array<CrossFieldValidator<NoInfer<Name>>>>>,
  /** `form` is for setting a field or emptying the form after the answer (the caller's own form is not declared yet here). */
  onSubmit: (values: Record<Name, string>, form: Pick<FormState<Name>, 'set' | 'reset'>) => void | Promise<void>,
): FormState<Name> {
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<Partial<Record<Name, boolean>>>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [edited, setEdited] = useState<Partial<Record<Name, boolean>>>({});

  const check = (name: Name, value: string) => (validators[name] ?? []).map((validate) => validate(value, values)).find((message) => message !== undefined);
  const set = (name: Name, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setEdited((current) => ({ ...current, [name]: true }));
  };
  const reset = () => {
    setValues(initial);
    setTouched({});
    setEdited({});
    setServerError(null);
  };

  return {
    values,
    set,
    touch(name) {
      setTouched((current) => ({ ...current, [name]: true }));
    },
    error(name) {
      const live = touched[name] === true ? check(name, values[name]) : undefined;
      return live ?? (edited[name] === true ? undefined : serverError?.fieldError(name));
    },
    serverError,
    busy,
    async submit(event) {
      event.preventDefault();
      const names = Object.keys(values) as Name[];
      setTouched(Object.fromEntries(names.map((name) => [name, true])) as Record<Name, boolean>);
      if (names.some((name) => check(name, values[name]) !== undefined)) {
        // Take a keyboard or screen-reader user to the first field to fix, once it is marked.
        const formElement = event.currentTarget instanceof HTMLFormElement ? event.currentTarget : null;
        requestAnimationFrame(() => formElement?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
        return;
      }
      setBusy(true);
      setServerError(null);
      setEdited({});
      try {
        await onSubmit(values, { set, reset });
      } catch (error) {
        if (error instanceof ApiError) {
          setServerError(error);
        } else {
          throw error;
        }
      } finally {
        setBusy(false);
      }
    },
    reset,
  };
}

export interface FieldProps<Name extends string> {
  form: FormState<Name>;
  name: Name;
  label: string;
  hint?: string;
}

/** What a field's aria-describedby names: its hint and its error, when shown. */
export function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter(Boolean).join(' ');
  return ids === '' ? undefined : ids;
}

export function FieldHint({ id, hint }: { id: string; hint: string | undefined }) {
  return hint === undefined ? null : (
    <p className="hint" id={`${id}-hint`}>
      {hint}
    </p>
  );
}

/** The field's message (announced when it appears): the live check's, else the server's. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error === undefined ? null : (
    <p className="field-error" id={`${id}-error`} role="alert">
      {error}
    </p>
  );
}

/** A labelled control with its hint and error; `id` is the control's. */
export function FieldFrame({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`field${error === undefined ? '' : ' field-invalid'}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
    </div>
  );
}

/** The wiring of a text-like control (input, select, text area) to its field in the form. */
function useControl<Name extends string>(form: FormState<Name>, name: Name, describedHint: string | undefined) {
  const id = useId();
  const error = form.error(name);
  const control = {
    id,
    name,
    value: form.values[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
      form.set(name, event.target.value);
    },
    onBlur: () => {
      form.touch(name);
    },
    'aria-invalid': error === undefined ? undefined : true,
    'aria-describedby': describedBy(id, describedHint, error),
  };
  return { id, error, control };
}

export function TextField<Name extends string>({
  form,
  name,
  label,
  hint,
  ...input
}: FieldProps<Name> & Omit<InputHTMLAttributes<HTMLInputElement>, 'form' | 'name'>) {
  const { id, error, control } = useControl(form, name, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input {...control} {...input} />
    </FieldFrame>
  );
}

export function TextAreaField<Name extends string>({
  form,
  name,
  label,
  hint,
  ...textarea
}: FieldProps<Name> & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'form' | 'name'>) {
  const { id, error, control } = useControl(form, name, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea rows={3} {...control} {...textarea} />
    </FieldFrame>
  );
}

export function SelectField<Name extends string>({
  form,
  name,
  label,
  hint,
  options,
  ...select
}: FieldProps<Name> & { options: ReadonlyArray<readonly [string, string]> } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'form' | 'name'>) {
  // The hint is shown under the select but, as before, only the error is named in aria-describedby.
  const { id, error, control } = useControl(form, name, undefined);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select {...control} {...select}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A checkbox kept in the form as 'true' or 'false'; its check runs as soon as it is ticked or cleared. */
export function CheckboxField<Name extends string>({ form, name, label, hint }: FieldProps<Name>) {
  const id = useId();
  const error = form.error(name);
  return (
    <div className={`field field-checkbox${error === undefined ? '' : ' field-invalid'}`}>
      <div className="checkbox-line">
        <input
          type="checkbox"
          id={id}
          name={name}
          checked={form.values[name] === 'true'}
          onChange={(event) => {
            form.set(name, event.target.checked ? 'true' : 'false');
            form.touch(name);
          }}
          aria-invalid={error === undefined ? undefined : true}
          aria-describedby={describedBy(id, hint, error)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
    </div>
  );
}

/** The form's outcome: what the server refused and why (rule reasons with what fixes them). */
export function FormProblem({ error }: { error: ApiError | null }) {
  const { t } = useWords();
  const { locale } = useLanguage();
  if (error === null) {
    return null;
  }
  const { problem } = error;
  // The heading in the reader's language by the problem's type (the server's words in English).
  const words = problemWords(problem, t, locale === 'en');
  return (
    <div className="problem" role="alert">
      <p className="problem-title">{words.title}</p>
      {problem.reasons === undefined && words.detail !== undefined ? <p>{words.detail}</p> : null}
      {problem.errors !== undefined && problem.errors.length > 0 ? <p>{t('problem.checkFields')}</p> : null}
      {problem.reasons === undefined ? null : <ReasonList reasons={problem.reasons} />}
    </div>
  );
}

export function SubmitButton({ busy, children, busyText = 'Saving…' }: { busy: boolean; children: ReactNode; busyText?: string }) {
  return (
    <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
      {busy ? busyText : children}
    </button>
  );
}
