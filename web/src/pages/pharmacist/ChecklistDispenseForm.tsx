// Outside the US (issue 14, item 3): the pharmacist's checklist and the dispense in one request
// (POST /pharmacy/checklist-dispenses) — no authorization number; the program judges the
// checklist on the dispense day and the app computes the last day to dispense. What is handed
// over comes from the prescription (product and strength cannot be substituted; quantity and days
// may be less), the day is today, and the one attestation is the pharmacist's own tick: never
// pre-ticked. One submit, with an Idempotency-Key so a retry never records twice.
import { useState } from 'react';
import { api, ApiError } from '../../api';
import type { ChecklistDispenseAnswer, PharmacyPatient } from '../../apiTypes';
import { CheckboxField, FormProblem, isoDate, notAfter, numberBetween, required, SubmitButton, TextField, useForm, wholeNumber } from '../../components/forms';
import { ReasonList } from '../../components/reasons';
import { formatDate } from '../../dates';
import { productName } from '../../labels';
import type { Identification } from './AuthorizationPanel';
import { CHECKLIST_AND_DISPENSE, CHECKLIST_GIVEN, checklistDispensedWords } from './checklist';
import { useIdempotentSend } from './idempotency';
import { Refusal } from './Refusal';
import { dispensedWords } from './verdict';

export function ChecklistDispenseForm({
  identification,
  prescription,
  ruleSet,
  today,
  onDispensed,
}: {
  identification: Identification;
  prescription: PharmacyPatient['prescriptions'][number];
  /** The rule set's key today, as the look-up says it. */
  ruleSet: string;
  today: string;
  onDispensed: (tone: 'success' | 'warning', text: string) => void;
}) {
  const send = useIdempotentSend();
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [warnings, setWarnings] = useState<ChecklistDispenseAnswer['warnings']>([]);
  const form = useForm(
    {
      dispensedOn: today,
      quantity: String(prescription.quantity),
      daysSupply: String(prescription.daysSupply),
      given: 'false',
    },
    {
      dispensedOn: [required, isoDate, notAfter(today)],
      quantity: [required, wholeNumber, numberBetween(1, prescription.quantity)],
      daysSupply: [required, wholeNumber, numberBetween(1, prescription.daysSupply)],
      given: [(value) => (value === 'true' ? undefined : 'Give the patient card and the package leaflet with every dispense.')],
    },
    async (values) => {
      setRefusal(null);
      const body = {
        ...identification,
        prescriptionId: prescription.id,
        dispensedOn: values.dispensedOn,
        product: prescription.product,
        strengthMg: prescription.strengthMg,
        quantity: Number(values.quantity),
        daysSupply: Number(values.daysSupply),
        medicationGuideGiven: values.given === 'true',
      };
      try {
        const answer = await send(`POST /pharmacy/checklist-dispenses ${JSON.stringify(body)}`, (key) =>
          api.post<ChecklistDispenseAnswer>('/pharmacy/checklist-dispenses', body, { 'idempotency-key': key }),
        );
        setWarnings(answer.warnings);
        onDispensed(
          answer.warnings.length === 0 ? 'success' : 'warning',
          checklistDispensedWords(answer.ruleSet, dispensedWords({ ...body, dispensedOn: answer.dispensedOn }), answer.lastDayToDispense),
        );
      } catch (error) {
        if (error instanceof ApiError && error.status === 422) {
          setRefusal(error);
          return;
        }
        throw error;
      }
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={CHECKLIST_AND_DISPENSE} className="dispense-form checklist-form">
      <p className="hint">
        {ruleSet === '' ? 'Her practice' : `Under ${ruleSet} her practice`} has no authorization number: the program checks its conditions on the dispense day,
        and the app gives the last day to dispense.
      </p>
      <p>
        <strong>Hand over:</strong> {productName(prescription.product)} {prescription.strengthMg} mg (as prescribed, no substitution).
      </p>
      <div className="field-row">
        <TextField form={form} name="dispensedOn" label="Dispensed on" type="date" max={today} hint={`Today is ${formatDate(today)}.`} />
        <TextField form={form} name="quantity" label="Capsules" inputMode="numeric" hint={`At most ${prescription.quantity}.`} />
        <TextField form={form} name="daysSupply" label="Days' supply" inputMode="numeric" hint={`At most ${prescription.daysSupply}.`} />
      </div>
      <CheckboxField form={form} name="given" label={CHECKLIST_GIVEN} />
      <FormProblem error={form.serverError} />
      {refusal === null ? null : <Refusal error={refusal} what="The pharmacist's checklist" advice="Do not dispense. Nothing was recorded." />}
      {warnings.length === 0 ? null : <ReasonList reasons={warnings} tone="warning" />}
      <SubmitButton busy={form.busy} busyText="Checking and dispensing…">
        {CHECKLIST_AND_DISPENSE}
      </SubmitButton>
    </form>
  );
}
