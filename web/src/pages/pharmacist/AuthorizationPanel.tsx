// One active authorization at the counter: its "do not dispense after" date first and foremost,
// then what the pharmacy can do with it — record what the REMS system returned (D-4), dispense
// (R-AUTH-4, R-AUTH-6, R-RX-5) or reverse (R-AUTH-2, R-AUTH-3).
import { useState } from 'react';
import { api, ApiError } from '../../api';
import type { AuthorizationView, DispenseAnswer, PharmacyPatient, Product, RemsConfirmationAnswer } from '../../apiTypes';
import {
  CheckboxField,
  FormProblem,
  isoDate,
  maxLength,
  notAfter,
  notBefore,
  numberBetween,
  required,
  SelectField,
  SubmitButton,
  TextField,
  useForm,
  wholeNumber,
} from '../../components/forms';
import { daysBetween, formatDate } from '../../dates';
import { PRODUCT_NAMES, PRODUCT_OPTIONS } from '../../labels';
import { ProgramUnavailableButton } from './ProgramUnavailableButton';
import { Refusal } from './Refusal';
import { useIdempotentSend } from './idempotency';
import type { UsAuthorization } from './checklist';
import { dispensedWords } from './verdict';

/** The patient's identification a pharmacy holds and sends with every request: program identifier and date of birth (§1.1). */
export interface Identification {
  programId: string;
  birthDate: string;
}

interface PanelProps {
  identification: Identification;
  authorization: UsAuthorization<AuthorizationView>;
  prescription: PharmacyPatient['prescriptions'][number];
  today: string;
  onChanged: (tone: 'success' | 'warning', text: string) => void;
}

export function AuthorizationPanel({ identification, authorization, prescription, today, onChanged }: PanelProps) {
  const [action, setAction] = useState<'dispense' | 'rems' | 'reverse' | null>('dispense');
  const daysLeft = daysBetween(today, authorization.doNotDispenseAfter);
  return (
    <div className="authorization">
      <div className="dnda" role="group" aria-label="Authorization">
        <p className="dnda-label">Do not dispense after</p>
        <p className="dnda-date">{formatDate(authorization.doNotDispenseAfter)}</p>
        <p className="dnda-days">
          {daysLeft === 0 ? 'Today is the last day.' : daysLeft > 0 ? `${daysLeft} day${daysLeft === 1 ? '' : 's'} left.` : 'The date has passed.'}
        </p>
        <dl className="facts">
          <div>
            <dt>RMA number</dt>
            <dd className="mono">{authorization.remsRmaNumber ?? authorization.rmaNumber}</dd>
          </div>
          <div>
            <dt>Requested on</dt>
            <dd>{formatDate(authorization.requestedOn)}</dd>
          </div>
          <div>
            <dt>REMS confirmation</dt>
            <dd>{authorization.remsRmaNumber === null ? 'Not recorded' : 'Recorded'}</dd>
          </div>
          {authorization.programSystem.state === 'unavailable' && authorization.programSystem.lastAttempt !== null ? (
            <div>
              <dt>Program system</dt>
              <dd>
                <span className="badge badge-warning" data-flag="program-system-unavailable">
                  Unavailable
                </span>{' '}
                last tried {new Date(authorization.programSystem.lastAttempt.attemptedAt).toLocaleString()} ({authorization.programSystem.attempts}{' '}
                {authorization.programSystem.attempts === 1 ? 'attempt' : 'attempts'}). Record its RMA number when it comes.
              </dd>
            </div>
          ) : null}
          <div>
            <dt>Rules</dt>
            <dd>{authorization.ruleSet}</dd>
          </div>
        </dl>
      </div>

      <div className="action-tabs" role="group" aria-label="What to do with this authorization">
        <button
          type="button"
          aria-pressed={action === 'dispense'}
          onClick={() => {
            setAction('dispense');
          }}
        >
          Dispense
        </button>
        {authorization.remsRmaNumber === null ? (
          <button
            type="button"
            aria-pressed={action === 'rems'}
            onClick={() => {
              setAction('rems');
            }}
          >
            Record REMS confirmation
          </button>
        ) : null}
        {authorization.remsRmaNumber === null ? <ProgramUnavailableButton naming={identification} authorization={authorization} onChanged={onChanged} /> : null}
        <button
          type="button"
          aria-pressed={action === 'reverse'}
          onClick={() => {
            setAction('reverse');
          }}
        >
          Reverse
        </button>
      </div>

      {action === 'dispense' ? (
        <DispenseForm identification={identification} authorization={authorization} prescription={prescription} today={today} onChanged={onChanged} />
      ) : null}
      {action === 'rems' ? (
        <RemsConfirmationForm
          identification={identification}
          authorization={authorization}
          onRecorded={(text) => {
            setAction('dispense');
            onChanged('success', text);
          }}
        />
      ) : null}
      {action === 'reverse' ? (
        <ReversalForm
          identification={identification}
          authorizationId={authorization.id}
          defaultReason=""
          onReversed={(text) => {
            onChanged('success', text);
          }}
        />
      ) : null}
    </div>
  );
}

function DispenseForm({ identification, authorization, prescription, today, onChanged }: PanelProps) {
  const send = useIdempotentSend();
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const lastDay = authorization.doNotDispenseAfter;
  const prescribed = `${PRODUCT_NAMES[prescription.product]} ${prescription.strengthMg} mg`;
  const form = useForm(
    {
      dispensedOn: today <= lastDay ? today : lastDay,
      product: prescription.product,
      strengthMg: String(prescription.strengthMg),
      quantity: String(prescription.quantity),
      daysSupply: String(prescription.daysSupply),
      medicationGuideGiven: 'false',
    },
    {
      dispensedOn: [
        required,
        isoDate,
        notAfter(today),
        notBefore(authorization.requestedOn, `the authorization (${formatDate(authorization.requestedOn)})`),
        (value) =>
          value !== '' && value > lastDay
            ? `After the do-not-dispense-after date (${formatDate(lastDay)}): do not dispense; reverse the authorization.`
            : undefined,
      ],
      product: [
        required,
        (value) => (value !== prescription.product ? `The prescription is for ${prescribed}; products cannot be substituted (R-RX-5).` : undefined),
      ],
      strengthMg: [
        required,
        wholeNumber,
        (value) =>
          value !== '' && Number(value) !== prescription.strengthMg
            ? `The prescription is for ${prescribed}; strengths cannot be substituted (R-RX-5).`
            : undefined,
      ],
      quantity: [required, wholeNumber, numberBetween(1, prescription.quantity)],
      daysSupply: [required, wholeNumber, numberBetween(1, Math.min(30, prescription.daysSupply))],
      medicationGuideGiven: [(value) => (value === 'true' ? undefined : 'Hand the patient the Medication Guide with every dispense (R-AUTH-6).')],
    },
    async (values) => {
      setRefusal(null);
      const body = {
        ...identification,
        dispensedOn: values.dispensedOn,
        product: values.product as Product,
        strengthMg: Number(values.strengthMg),
        quantity: Number(values.quantity),
        daysSupply: Number(values.daysSupply),
        medicationGuideGiven: values.medicationGuideGiven === 'true',
      };
      const path = `/authorizations/${authorization.id}/dispense`;
      try {
        const answer = await send(`POST ${path} ${JSON.stringify(body)}`, (key) => api.post<DispenseAnswer>(path, body, { 'idempotency-key': key }));
        const warningText = answer.warnings.length === 0 ? '' : ` Note: ${answer.warnings.map((warning) => warning.message).join(' ')}`;
        // The same words as the one-step counter (verdict.tsx); what the next fill needs follows on
        // the patient's card once refreshed (the lookup's nextFill), never as a list of refusals.
        onChanged(
          answer.warnings.length === 0 ? 'success' : 'warning',
          `${dispensedWords(answer)} RMA ${authorization.remsRmaNumber ?? authorization.rmaNumber}.${warningText}`,
        );
      } catch (error) {
        if (error instanceof ApiError && error.status === 422) {
          setRefusal(error);
          if ((error.problem as { recorded?: unknown }).recorded !== undefined) {
            const why = (error.problem.reasons ?? []).map((reason) => reason.message).join(' ');
            onChanged(
              'warning',
              `The dispense was refused and authorization ${authorization.remsRmaNumber ?? authorization.rmaNumber} was reversed: return the stock. ${why}`,
            );
          }
          return;
        }
        throw error;
      }
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record the dispense" className="dispense-form">
      <div className="field-row">
        <TextField
          form={form}
          name="dispensedOn"
          label="Dispensed on"
          type="date"
          max={today <= lastDay ? today : lastDay}
          hint="The day the capsules are handed over (or released to the carrier)."
        />
        <SelectField form={form} name="product" label="Product" options={PRODUCT_OPTIONS} />
      </div>
      <div className="field-row">
        <TextField form={form} name="strengthMg" label="Strength (mg)" inputMode="numeric" />
        <TextField form={form} name="quantity" label="Capsules" inputMode="numeric" hint={`At most ${prescription.quantity}.`} />
        <TextField form={form} name="daysSupply" label="Days' supply" inputMode="numeric" hint={`At most ${Math.min(30, prescription.daysSupply)}.`} />
      </div>
      <CheckboxField form={form} name="medicationGuideGiven" label="The Medication Guide was given to the patient" />
      <FormProblem error={form.serverError} />
      {refusal === null ? null : <Refusal error={refusal} what="The dispense" />}
      <SubmitButton busy={form.busy} busyText="Recording the dispense…">
        Record the dispense
      </SubmitButton>
    </form>
  );
}

function RemsConfirmationForm({
  identification,
  authorization,
  onRecorded,
}: {
  identification: Identification;
  authorization: UsAuthorization<AuthorizationView>;
  onRecorded: (text: string) => void;
}) {
  const form = useForm(
    { remsRmaNumber: '', doNotDispenseAfter: '' },
    {
      remsRmaNumber: [required, maxLength(64)],
      doNotDispenseAfter: [required, isoDate, notBefore(authorization.requestedOn, `the authorization request (${formatDate(authorization.requestedOn)})`)],
    },
    async (values) => {
      const answer = await api.post<RemsConfirmationAnswer>(`/authorizations/${authorization.id}/rems-confirmation`, {
        ...identification,
        remsRmaNumber: values.remsRmaNumber.trim(),
        doNotDispenseAfter: values.doNotDispenseAfter,
      });
      onRecorded(
        `REMS confirmation recorded: RMA ${answer.authorization.remsRmaNumber ?? values.remsRmaNumber}. Do not dispense after ${formatDate(answer.authorization.doNotDispenseAfter ?? values.doNotDispenseAfter)}.`,
      );
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record the REMS confirmation">
      <p className="hint">
        What the iPLEDGE REMS system returned for this fill. If its date is earlier than {formatDate(authorization.doNotDispenseAfter)}, the earlier date binds.
      </p>
      <div className="field-row">
        <TextField form={form} name="remsRmaNumber" label="REMS RMA number" autoComplete="off" spellCheck={false} />
        <TextField form={form} name="doNotDispenseAfter" label="REMS do-not-dispense-after date" type="date" min={authorization.requestedOn} />
      </div>
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Recording…">
        Record the REMS confirmation
      </SubmitButton>
    </form>
  );
}

const REVERSAL_REASONS: ReadonlyArray<readonly [string, string]> = [
  ['', 'Choose a reason'],
  ['Not picked up by the do-not-dispense-after date', 'Not picked up in time'],
  ["Wrong quantity or days' supply entered (R-AUTH-3)", "Wrong quantity or days' supply entered"],
  ['Patient will not fill this prescription', 'Patient will not fill it'],
  ['other', 'Another reason'],
];

export function ReversalForm({
  identification,
  authorizationId,
  defaultReason,
  onReversed,
}: {
  identification: Identification;
  authorizationId: string;
  defaultReason: string;
  onReversed: (text: string) => void;
}) {
  const [done, setDone] = useState(false);
  const form = useForm(
    { reason: defaultReason, otherReason: '' },
    {
      reason: [required],
      otherReason: [maxLength(500)],
    },
    async (values) => {
      const reason = values.reason === 'other' ? values.otherReason.trim() : values.reason;
      if (reason === '') {
        throw new ApiError({
          type: 'about:blank',
          title: 'Say why the authorization is reversed',
          status: 400,
          errors: [{ field: 'otherReason', code: 'REQUIRED', message: 'Write the reason.' }],
        });
      }
      await api.post(`/authorizations/${authorizationId}/reversal`, { ...identification, reason });
      setDone(true);
      onReversed('Authorization reversed. Return the stock; the patient must qualify again for a new authorization.');
    },
  );
  if (done) {
    return null;
  }
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Reverse the authorization">
      <SelectField form={form} name="reason" label="Why is it reversed?" options={REVERSAL_REASONS} />
      {form.values.reason === 'other' ? <TextField form={form} name="otherReason" label="Reason" maxLength={500} /> : null}
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Reversing…">
        Reverse the authorization
      </SubmitButton>
    </form>
  );
}
