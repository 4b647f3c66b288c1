// The two contraception methods in use (at least one primary) or the abstinence commitment
// (R-CON-1..8), and since when. The answer's warnings (an enzyme inducer with a hormonal method)
// are shown with the success.
import { useState, type ReactNode } from 'react';
import { api } from '../../../api';
import type { RecordedContraception } from '../../../apiTypes';
import { CheckboxField, FormProblem, isoDate, notAfter, required, SubmitButton, TextField, useForm, type CrossFieldValidator } from '../../../components/forms';
import { ReasonList } from '../../../components/reasons';
import { formatDate } from '../../../dates';
import { CheckboxGroupField } from '../fields';
import { ACCEPTED_METHOD_CODES, METHOD_WORDS, PRIMARY_METHOD_CODES, PRIMARY_METHODS, SECONDARY_METHODS, UNACCEPTABLE_METHODS } from '../labels';
import { Success, type RecordFormProps } from './common';

type Field = 'declaredOn' | 'startedOn' | 'abstinence' | 'methods' | 'takesEnzymeInducer';

export function ContraceptionForm({ patientId, today, onRecorded }: RecordFormProps) {
  const [done, setDone] = useState<ReactNode>(null);

  const twoMethods: CrossFieldValidator<Field> = (value, values) => {
    if (values.abstinence === 'true') {
      return undefined;
    }
    const methods = value.split(',').filter(Boolean);
    if (methods.length === 0) {
      return 'Choose the methods in use, or record the abstinence commitment.';
    }
    // Methods the program does not accept are not counted (R-CON-4), as the server counts them.
    const accepted = methods.filter((method) => ACCEPTED_METHOD_CODES.includes(method));
    if (!accepted.some((method) => PRIMARY_METHOD_CODES.includes(method))) {
      return methods.includes('progestinOnlyPill')
        ? 'A progestin-only "mini-pill" is not a primary method during isotretinoin; choose a primary method (R-CON-1, R-CON-4).'
        : 'At least one method must be primary (R-CON-1).';
    }
    if (accepted.length < 2) {
      return 'Two accepted methods are required at the same time, at least one primary (R-CON-1).';
    }
    return undefined;
  };
  const notAfterDeclared: CrossFieldValidator<Field> = (value, values) => {
    const declaredOn = values.declaredOn;
    return value !== '' && declaredOn !== '' && value > declaredOn ? 'Cannot be after the declaration date.' : undefined;
  };

  const form = useForm<Field>(
    { declaredOn: today, startedOn: '', abstinence: 'false', methods: '', takesEnzymeInducer: 'false' },
    {
      declaredOn: [required, isoDate, notAfter(today)],
      startedOn: [required, isoDate, notAfter(today), notAfterDeclared],
      methods: [twoMethods],
    },
    async (input, { reset }) => {
      setDone(null);
      const abstinence = input.abstinence === 'true';
      const methods = input.methods.split(',').filter(Boolean);
      const answer = await api.post<RecordedContraception>(`/patients/${patientId}/contraception`, {
        declaredOn: input.declaredOn,
        methods,
        abstinence,
        startedOn: input.startedOn,
        takesEnzymeInducer: input.takesEnzymeInducer === 'true',
      });
      setDone(
        <>
          <p>
            Recorded on {formatDate(input.declaredOn)}:{' '}
            {abstinence ? 'abstinence commitment' : methods.map((method) => METHOD_WORDS[method] ?? method).join(' + ')}, since {formatDate(input.startedOn)}.
          </p>
          <ReasonList reasons={answer.warnings ?? []} tone="warning" />
        </>,
      );
      reset();
      onRecorded();
    },
  );
  const abstinence = form.values.abstinence === 'true';

  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Declare contraception">
      <div className="rx-form-row">
        <TextField form={form} name="declaredOn" label="Declared on" type="date" max={today} />
        <TextField
          form={form}
          name="startedOn"
          label="In use without a break since"
          type="date"
          max={today}
          hint="At least 30 days before the confirmation test (R-CON-5)."
        />
      </div>
      <CheckboxField form={form} name="abstinence" label="The patient commits to total abstinence" hint="Every pregnancy test is still required." />
      <CheckboxGroupField
        form={form}
        name="methods"
        label={abstinence ? 'Methods (optional with abstinence)' : 'Methods in use: two, at least one primary'}
        groups={[
          { heading: 'Primary', options: PRIMARY_METHODS },
          { heading: 'Secondary', options: SECONDARY_METHODS },
          { heading: 'Not accepted by the program', options: UNACCEPTABLE_METHODS },
        ]}
      />
      <CheckboxField
        form={form}
        name="takesEnzymeInducer"
        label="Takes St John's wort or another enzyme inducer"
        hint="Hormonal methods may fail with it (R-CON-8)."
      />
      <FormProblem error={form.serverError} />
      <div>
        <SubmitButton busy={form.busy}>Record contraception</SubmitButton>
      </div>
      <Success>{done}</Success>
    </form>
  );
}
