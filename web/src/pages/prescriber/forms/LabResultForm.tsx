// A lab result by hand; the answer classifies it (normal / watch / act / stop) with the reasons
// and the next lab due (§4.1, §4.2).
import { useState, type ReactNode } from 'react';
import { api } from '../../../api';
import type { RecordedLabResult } from '../../../apiTypes';
import {
  FormProblem,
  isoDate,
  notAfter,
  required,
  SelectField,
  SubmitButton,
  TextField,
  useForm,
  type Validator,
  type CrossFieldValidator,
} from '../../../components/forms';
import { ReasonList } from '../../../components/reasons';
import { formatDate } from '../../../dates';
import { ANALYTE_WORDS, BAND_WORDS, ENZYMES } from '../labels';
import { optional, Success, type RecordFormProps } from './common';

type Field = 'analyte' | 'value' | 'unit' | 'referenceHigh' | 'collectedOn' | 'fasting';

const LIPIDS = ['triglycerides', 'totalCholesterol', 'ldl', 'hdl'];

const nonNegative: Validator = (value) => {
  if (value === '') {
    return undefined;
  }
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 && number <= 1_000_000 ? undefined : 'A number, 0 or more.';
};

function unitsOf(analyte: string): string[] {
  return ENZYMES.includes(analyte) ? ['U/L'] : ['mg/dL', 'mmol/L'];
}

export function LabResultForm({ patientId, today, onRecorded }: RecordFormProps) {
  const [done, setDone] = useState<ReactNode>(null);
  const ulnForEnzymes: CrossFieldValidator<Field> = (value, values) => {
    if (!ENZYMES.includes(values.analyte)) {
      return undefined;
    }
    if (value === '') {
      return 'The lab’s upper reference limit (ULN): enzymes are judged as a multiple of it.';
    }
    const number = Number(value);
    return Number.isFinite(number) && number > 0 ? undefined : 'A number above 0.';
  };
  const form = useForm<Field>(
    { analyte: 'triglycerides', value: '', unit: 'mg/dL', referenceHigh: '', collectedOn: today, fasting: 'true' },
    {
      analyte: [required],
      value: [required, nonNegative],
      unit: [required],
      referenceHigh: [ulnForEnzymes],
      collectedOn: [required, isoDate, notAfter(today)],
    },
    async (input, { reset }) => {
      setDone(null);
      const lipid = LIPIDS.includes(input.analyte);
      const answer = await api.post<RecordedLabResult>(`/patients/${patientId}/lab-results`, {
        analyte: input.analyte,
        value: Number(input.value),
        unit: input.unit,
        collectedOn: input.collectedOn,
        ...(optional(input.referenceHigh, Number) === undefined ? {} : { referenceHigh: Number(input.referenceHigh) }),
        ...(lipid && input.fasting !== '' ? { fasting: input.fasting === 'true' } : {}),
      });
      const band = answer.classification.band;
      setDone(
        <>
          <p>
            {ANALYTE_WORDS[input.analyte]} {input.value} {input.unit} of {formatDate(input.collectedOn)} recorded: <strong>{BAND_WORDS[band] ?? band}</strong>{' '}
            band.
          </p>
          <ReasonList reasons={answer.classification.reasons} tone={band === 'stop' || band === 'act' ? 'blocker' : 'warning'} />
        </>,
      );
      reset();
      onRecorded();
    },
  );
  const isEnzyme = ENZYMES.includes(form.values.analyte);
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record a lab result">
      <SelectField
        form={form}
        name="analyte"
        label="Test"
        options={Object.entries(ANALYTE_WORDS)}
        onChange={(event) => {
          const next = event.target.value;
          form.set('analyte', next);
          if (!unitsOf(next).includes(form.values.unit)) {
            form.set('unit', unitsOf(next)[0] as string);
          }
        }}
      />
      <div className="rx-form-row">
        <TextField form={form} name="value" label="Value" inputMode="decimal" />
        <SelectField form={form} name="unit" label="Unit" options={unitsOf(form.values.analyte).map((unit) => [unit, unit] as const)} />
      </div>
      {isEnzyme ? <TextField form={form} name="referenceHigh" label="Upper reference limit (ULN, U/L)" inputMode="decimal" /> : null}
      <TextField form={form} name="collectedOn" label="Drawn on" type="date" max={today} />
      {LIPIDS.includes(form.values.analyte) ? (
        <SelectField
          form={form}
          name="fasting"
          label="Fasting sample (and 36 h without alcohol)"
          options={[
            ['true', 'Yes'],
            ['false', 'No: repeat fasting'],
            ['', 'Not recorded'],
          ]}
        />
      ) : null}
      <FormProblem error={form.serverError} />
      <div>
        <SubmitButton busy={form.busy}>Record the result</SubmitButton>
      </div>
      <Success>{done}</Success>
    </form>
  );
}
