// A pregnancy test result (R-PT-1..8). The answer says whether the test opens a prescription
// window (its specimen date is day 1 of 7), and if not, why; a positive result stops everything.
import { useState, type ReactNode } from 'react';
import { api } from '../../../api';
import type { RecordedPregnancyTest } from '../../../apiTypes';
import {
  FormProblem,
  isoDate,
  maxLength,
  notAfter,
  notBefore,
  numberBetween,
  required,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
  useForm,
  type CrossFieldValidator,
} from '../../../components/forms';
import { ReasonList } from '../../../components/reasons';
import { formatDate } from '../../../dates';
import { TEST_KIND_WORDS, TEST_SETTING_WORDS } from '../labels';
import { optional, Success, YES_NO, type RecordFormProps } from './common';

type Field =
  | 'kind'
  | 'specimenDate'
  | 'resultDate'
  | 'result'
  | 'setting'
  | 'clia'
  | 'sensitivityMiuPerMl'
  | 'homeEvidence/kind'
  | 'homeEvidence/description'
  | 'homeEvidence/interpretedBy'
  | 'homeEvidence/prescriberAttested';

export function PregnancyTestForm({ patientId, today, onRecorded, suggestedKind }: RecordFormProps & { suggestedKind: string }) {
  const [done, setDone] = useState<ReactNode>(null);
  const whenHome =
    (...validators: CrossFieldValidator<Field>[]): CrossFieldValidator<Field> =>
    (value, values) =>
      values.setting === 'home' ? validators.map((validate) => validate(value, values)).find((message) => message !== undefined) : undefined;

  const form = useForm<Field>(
    {
      kind: suggestedKind,
      specimenDate: today,
      resultDate: today,
      // No default: a result nobody chose must never be recorded (issue 10); `required` below asks for it.
      result: '',
      setting: 'lab',
      clia: 'true',
      sensitivityMiuPerMl: '25',
      'homeEvidence/kind': 'photo',
      'homeEvidence/description': '',
      'homeEvidence/interpretedBy': '',
      'homeEvidence/prescriberAttested': 'false',
    },
    {
      kind: [required],
      specimenDate: [required, isoDate, notAfter(today)],
      resultDate: [required, isoDate, notAfter(today), notBefore<Field>((values) => values.specimenDate, 'the specimen date')],
      result: [required],
      setting: [required],
      sensitivityMiuPerMl: [numberBetween(0.001, 10000)],
      'homeEvidence/description': [whenHome(required, maxLength(1000))],
      'homeEvidence/interpretedBy': [whenHome(required, maxLength(200))],
    },
    async (input, { reset }) => {
      setDone(null);
      const home = input.setting === 'home';
      const answer = await api.post<RecordedPregnancyTest>(`/patients/${patientId}/pregnancy-tests`, {
        kind: input.kind,
        specimenDate: input.specimenDate,
        resultDate: input.resultDate,
        result: input.result,
        setting: input.setting,
        clia: input.clia === 'true',
        ...(optional(input.sensitivityMiuPerMl, Number) === undefined ? {} : { sensitivityMiuPerMl: Number(input.sensitivityMiuPerMl) }),
        ...(home
          ? {
              homeEvidence: {
                kind: input['homeEvidence/kind'],
                description: input['homeEvidence/description'].trim(),
                interpretedBy: input['homeEvidence/interpretedBy'].trim(),
                prescriberAttested: input['homeEvidence/prescriberAttested'] === 'true',
              },
            }
          : {}),
      });
      const what = `${TEST_KIND_WORDS[input.kind] ?? input.kind} test of ${formatDate(input.specimenDate)}, ${input.result}`;
      setDone(
        <>
          <p>Recorded: {what}.</p>
          {input.result === 'positive' ? (
            <p>
              <strong>The patient is on pregnancy hold:</strong> all authorizations are stopped
              {answer.reversedAuthorizations.length > 0 ? ` (${answer.reversedAuthorizations.length} reversed)` : ''}.
            </p>
          ) : null}
          {answer.window !== null ? (
            <p>
              <strong>
                It opens the prescription window: {formatDate(answer.window.opensOn)} to {formatDate(answer.window.lastDay)}.
              </strong>
            </p>
          ) : answer.qualification !== null && !answer.qualification.allowed ? (
            <>
              <p>It does not open a prescription window:</p>
              <ReasonList reasons={answer.qualification.reasons} />
            </>
          ) : null}
          {answer.qualification !== null ? <ReasonList reasons={answer.qualification.warnings} tone="warning" /> : null}
        </>,
      );
      reset();
      onRecorded();
    },
  );
  const home = form.values.setting === 'home';

  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record a pregnancy test">
      <SelectField form={form} name="kind" label="Test" options={Object.entries(TEST_KIND_WORDS)} />
      <div className="rx-form-row">
        <TextField form={form} name="specimenDate" label="Specimen collected on" type="date" max={today} hint="Day 1 of the 7-day window." />
        <TextField form={form} name="resultDate" label="Result date" type="date" max={today} />
      </div>
      <SelectField
        form={form}
        name="result"
        label="Result"
        options={[
          ['', 'Choose the result'],
          ['negative', 'Negative'],
          ['positive', 'Positive'],
          ['invalid', 'Invalid'],
        ]}
        hint={form.values.result === 'positive' ? 'A positive result stops all treatment and puts the patient on pregnancy hold (R-PREG-1).' : undefined}
      />
      <div className="rx-form-row">
        <SelectField form={form} name="setting" label="Where" options={Object.entries(TEST_SETTING_WORDS)} />
        <SelectField form={form} name="clia" label="CLIA-certified laboratory" options={YES_NO} />
      </div>
      <TextField
        form={form}
        name="sensitivityMiuPerMl"
        label="Sensitivity (mIU/mL, optional)"
        inputMode="decimal"
        hint="The program requires at least 25 mIU/mL."
      />
      {home ? (
        <fieldset>
          <legend>Home test evidence (R-PT-7)</legend>
          <SelectField
            form={form}
            name="homeEvidence/kind"
            label="Evidence"
            options={[
              ['photo', 'Dated photo with the patient identifier'],
              ['supervisedVideoVisit', 'Supervised video visit'],
            ]}
          />
          <TextAreaField form={form} name="homeEvidence/description" label="What was seen" />
          <TextField form={form} name="homeEvidence/interpretedBy" label="Read by" />
          <SelectField form={form} name="homeEvidence/prescriberAttested" label="The prescriber attests the reading" options={YES_NO} />
        </fieldset>
      ) : null}
      <FormProblem error={form.serverError} />
      <div>
        <SubmitButton busy={form.busy}>Record the test</SubmitButton>
      </div>
      <Success>{done}</Success>
    </form>
  );
}
