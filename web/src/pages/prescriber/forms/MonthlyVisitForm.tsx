// The month's visit in one form (issue 10): the pregnancy test (specimen date today, the result
// never preselected), contraception ("Same methods as last month" carries the last declaration
// with its original start date; the first month needs the methods), counseling and the prescription
// (prescriber only; prefilled from last month and the dose plan, no refills). What is due, what is
// carried and which test is due are the server's (GET /patients/{id}/monthly-visit); one submit
// records every part or none, and the answer is the fill verdict.
import { useState } from 'react';
import { api } from '../../../api';
import type { MonthlyVisitDraft, MonthlyVisitPart, RecordedMonthlyVisit } from '../../../apiTypes';
import {
  CheckboxField,
  FormProblem,
  isoDate,
  notAfter,
  notBefore,
  required,
  SelectField,
  SubmitButton,
  TextField,
  useForm,
  wholeNumberBetween,
  type Validator,
  type CrossFieldValidator,
} from '../../../components/forms';
import { ReasonList } from '../../../components/reasons';
import { LoadFailed, Loading, useLoad } from '../../../components/status';
import { formatDate } from '../../../dates';
import { productName } from '../../../labels';
import { CheckboxGroupField, RadioGroupField } from '../fields';
import { FillVerdict } from '../FillStatus';
import {
  ACCEPTED_METHOD_CODES,
  METHOD_WORDS,
  PRIMARY_METHOD_CODES,
  PRIMARY_METHODS,
  PRODUCT_STRENGTHS_MG,
  SECONDARY_METHODS,
  TEST_KIND_WORDS,
  UNACCEPTABLE_METHODS,
} from '../labels';
import { Success, YES_NO } from './common';
import { PrescriptionPreview } from './PrescriptionPreview';

type Field =
  | 'pregnancyTest/result'
  | 'pregnancyTest/specimenDate'
  | 'pregnancyTest/resultDate'
  | 'pregnancyTest/setting'
  | 'pregnancyTest/clia'
  | 'contraception/sameAsLastMonth'
  | 'contraception/abstinence'
  | 'contraception/methods'
  | 'contraception/startedOn'
  | 'contraception/takesEnzymeInducer'
  | 'counseling/confirmed'
  | 'counseling/modality'
  | 'prescription/write'
  | 'prescription/productStrength'
  | 'prescription/capsulesPerDay'
  | 'prescription/daysSupply';

const MAX_DAYS_SUPPLY = 30;
/** The result is not known yet: the test is left out of this submit and recorded when it is. */
const NOT_BACK_YET = 'notBackYet';

const PART_WORDS: Record<MonthlyVisitPart, string> = {
  pregnancyTest: 'the pregnancy test',
  contraception: 'contraception',
  counseling: 'counseling',
  prescription: 'the prescription',
};

/** Every product and strength the program allows, as one choice ("Claravis 40 mg"). */
const PRODUCT_STRENGTH_OPTIONS: ReadonlyArray<readonly [string, string]> = Object.entries(PRODUCT_STRENGTHS_MG).flatMap(([product, strengths]) =>
  strengths.map((mg) => [`${product}:${mg}`, `${productName(product)} ${mg} mg`] as const),
);

function methodsLine(methods: readonly string[], abstinence: boolean): string {
  return abstinence ? 'an abstinence commitment' : methods.map((method) => METHOD_WORDS[method] ?? method).join(' + ');
}

interface Outcome {
  parts: MonthlyVisitPart[];
  answer: RecordedMonthlyVisit;
}

/** The monthly visit of one patient: its draft loaded from the server, the form, the last outcome. */
export function MonthlyVisit({ patientId, version, onRecorded }: { patientId: string; version: unknown; onRecorded: () => void }) {
  const draft = useLoad(() => api.get<MonthlyVisitDraft>(`/patients/${encodeURIComponent(patientId)}/monthly-visit`), [patientId, version]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [generation, setGeneration] = useState(0);
  return (
    <section className="card rx-monthly-visit" aria-labelledby="monthly-visit-title">
      <h2 id="monthly-visit-title">Monthly visit</h2>
      {draft.data === undefined ? (
        draft.error !== null ? (
          <LoadFailed error={draft.error} retry={draft.reload} />
        ) : (
          <Loading what="this month's visit" />
        )
      ) : (
        <MonthlyVisitForm
          // A fresh form for each fresh draft: what the server now knows is what the form starts from.
          key={`${generation}-${JSON.stringify([draft.data.pregnancyTest, draft.data.contraception.state, draft.data.counseling, draft.data.prescription.state])}`}
          patientId={patientId}
          draft={draft.data}
          onRecorded={(recorded) => {
            setOutcome(recorded);
            setGeneration((current) => current + 1);
            onRecorded();
          }}
        />
      )}
      <Success>
        {outcome === null ? null : (
          <div className="rx-visit-outcome">
            <p>Visit recorded: {outcome.parts.map((part) => PART_WORDS[part]).join(', ')}.</p>
            <FillVerdict status={outcome.answer.verdict} />
          </div>
        )}
      </Success>
    </section>
  );
}

function MonthlyVisitForm({ patientId, draft, onRecorded }: { patientId: string; draft: MonthlyVisitDraft; onRecorded: (outcome: Outcome) => void }) {
  const { today, pregnancyTest: test, contraception, counseling, prescription, canSubmit } = draft;
  const [nothing, setNothing] = useState(false);
  const testDue = test.state === 'due';
  const sameAllowed = contraception.sameAsLastMonth.allowed;
  // Contraception is offered when due, and for a new confirmation at this visit when it was declared earlier in the month.
  const contraceptionOffered = contraception.state === 'due' || (contraception.state === 'done' && contraception.doneOn !== today);
  const counselingOffered = canSubmit.counseling && counseling.state === 'due';
  const prescriptionOffered = canSubmit.prescription && prescription.state === 'due';
  const anythingOffered = testDue || contraceptionOffered || counselingOffered || prescriptionOffered;
  const prefill = prescription.prefill;
  const prefilledProduct = prefill.product !== null && prefill.strengthMg !== null ? `${prefill.product}:${prefill.strengthMg}` : '';
  const productOptions: ReadonlyArray<readonly [string, string]> = [
    ['', 'Choose the product and strength'],
    ...(prefilledProduct !== '' && !PRODUCT_STRENGTH_OPTIONS.some(([value]) => value === prefilledProduct)
      ? [[prefilledProduct, `${productName(prefill.product ?? '')} ${prefill.strengthMg} mg`] as const]
      : []),
    ...PRODUCT_STRENGTH_OPTIONS,
  ];

  let values: Record<Field, string> | null = null;
  const sendsFullContraception = () =>
    values !== null &&
    contraceptionOffered &&
    values['contraception/sameAsLastMonth'] !== 'true' &&
    (values['contraception/methods'] !== '' || values['contraception/abstinence'] === 'true' || values['contraception/startedOn'] !== '');
  const sendsTest = () => testDue && values !== null && values['pregnancyTest/result'] !== '' && values['pregnancyTest/result'] !== NOT_BACK_YET;
  const sendsPrescription = () =>
    values !== null && prescriptionOffered && values['prescription/write'] === 'true' && values['pregnancyTest/result'] !== 'positive';
  const when =
    (condition: () => boolean, ...validators: Array<CrossFieldValidator<Field>>): CrossFieldValidator<Field> =>
    (value, all) =>
      condition() ? validators.map((validate) => validate(value, all)).find((message) => message !== undefined) : undefined;
  const twoMethods: Validator = (value) => {
    if (values?.['contraception/abstinence'] === 'true') {
      return undefined;
    }
    const methods = value.split(',').filter(Boolean);
    if (methods.length === 0) {
      return 'Choose the methods in use, or record the abstinence commitment.';
    }
    const accepted = methods.filter((method) => ACCEPTED_METHOD_CODES.includes(method));
    if (!accepted.some((method) => PRIMARY_METHOD_CODES.includes(method))) {
      return 'At least one method must be primary (R-CON-1).';
    }
    if (accepted.length < 2) {
      return 'Two accepted methods are required at the same time, at least one primary (R-CON-1).';
    }
    return undefined;
  };

  const form = useForm<Field>(
    {
      // No default: the result is chosen by the person who read it.
      'pregnancyTest/result': '',
      'pregnancyTest/specimenDate': today,
      // Empty means "the specimen date" (shown as such).
      'pregnancyTest/resultDate': '',
      'pregnancyTest/setting': test.setting === 'home' ? 'clinic' : test.setting,
      'pregnancyTest/clia': String(test.clia),
      'contraception/sameAsLastMonth': 'false',
      'contraception/abstinence': 'false',
      'contraception/methods': '',
      'contraception/startedOn': '',
      'contraception/takesEnzymeInducer': 'false',
      'counseling/confirmed': 'false',
      'counseling/modality': 'inPerson',
      'prescription/write': prescriptionOffered ? 'true' : 'false',
      'prescription/productStrength': prefilledProduct,
      'prescription/capsulesPerDay': prefill.capsulesPerDay === null ? '' : String(prefill.capsulesPerDay),
      'prescription/daysSupply': String(prefill.daysSupply),
    },
    {
      'pregnancyTest/result': [
        when(
          () => testDue,
          (value) => (value === '' ? 'Choose the result: none is assumed.' : undefined),
        ),
      ],
      'pregnancyTest/specimenDate': [when(sendsTest, required, isoDate, notAfter(today))],
      'pregnancyTest/resultDate': [
        when(
          sendsTest,
          isoDate,
          notAfter(today),
          notBefore<Field>((all) => all['pregnancyTest/specimenDate'], 'the specimen date'),
        ),
      ],
      'contraception/methods': [when(sendsFullContraception, twoMethods)],
      'contraception/startedOn': [when(sendsFullContraception, required, isoDate, notAfter(today))],
      'prescription/productStrength': [when(sendsPrescription, required)],
      'prescription/capsulesPerDay': [when(sendsPrescription, required, wholeNumberBetween(1, 10))],
      'prescription/daysSupply': [
        when(sendsPrescription, required, wholeNumberBetween(1, MAX_DAYS_SUPPLY, `A prescription covers 1 to ${MAX_DAYS_SUPPLY} days (R-RX-1).`)),
      ],
    },
    async (input) => {
      setNothing(false);
      const body: Record<string, unknown> = {};
      const visitOn = today;
      if (sendsTest()) {
        body.pregnancyTest = {
          specimenDate: input['pregnancyTest/specimenDate'],
          resultDate: input['pregnancyTest/resultDate'] || input['pregnancyTest/specimenDate'],
          result: input['pregnancyTest/result'],
          setting: input['pregnancyTest/setting'],
          clia: input['pregnancyTest/clia'] === 'true',
        };
      }
      if (contraceptionOffered && input['contraception/sameAsLastMonth'] === 'true') {
        body.contraception = { sameAsLastMonth: true };
      } else if (sendsFullContraception()) {
        body.contraception = {
          methods: input['contraception/methods'].split(',').filter(Boolean),
          abstinence: input['contraception/abstinence'] === 'true',
          startedOn: input['contraception/startedOn'],
          takesEnzymeInducer: input['contraception/takesEnzymeInducer'] === 'true',
        };
      }
      if (counselingOffered && input['counseling/confirmed'] === 'true') {
        body.counseling = { counseledOn: today, modality: input['counseling/modality'] };
      }
      if (sendsPrescription()) {
        const [product, strengthMg] = input['prescription/productStrength'].split(':');
        body.prescription = {
          product,
          strengthMg: Number(strengthMg),
          capsulesPerDay: Number(input['prescription/capsulesPerDay']),
          daysSupply: Number(input['prescription/daysSupply']),
        };
      }
      const parts = Object.keys(body) as MonthlyVisitPart[];
      if (parts.length === 0) {
        setNothing(true);
        return;
      }
      const answer = await api.post<RecordedMonthlyVisit>(`/patients/${encodeURIComponent(patientId)}/monthly-visit`, { visitOn, ...body });
      onRecorded({ parts, answer });
    },
  );
  values = form.values;
  const positive = form.values['pregnancyTest/result'] === 'positive';
  const [product = '', strengthMg = ''] = form.values['prescription/productStrength'].split(':');
  const methodsFields = (
    <>
      <CheckboxField
        form={form}
        name="contraception/abstinence"
        label="The patient commits to total abstinence"
        hint="Every pregnancy test is still required."
      />
      <CheckboxGroupField
        form={form}
        name="contraception/methods"
        label={form.values['contraception/abstinence'] === 'true' ? 'Methods (optional with abstinence)' : 'Methods in use: two, at least one primary'}
        groups={[
          { heading: 'Primary', options: PRIMARY_METHODS },
          { heading: 'Secondary', options: SECONDARY_METHODS },
          { heading: 'Not accepted by the program', options: UNACCEPTABLE_METHODS },
        ]}
      />
      <TextField
        form={form}
        name="contraception/startedOn"
        label="In use without a break since"
        type="date"
        max={today}
        hint="At least 30 days before the confirmation test (R-CON-5)."
      />
      <CheckboxField
        form={form}
        name="contraception/takesEnzymeInducer"
        label="Takes St John's wort or another enzyme inducer"
        hint="Hormonal methods may fail with it (R-CON-8)."
      />
    </>
  );

  if (!draft.available) {
    return (
      <>
        <p>No monthly visit can be recorded now:</p>
        <ReasonList reasons={draft.reasons} />
      </>
    );
  }

  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Monthly visit">
      <p className="hint">Visit of {formatDate(today)}. Only what you fill in or tick is recorded; everything is recorded together, or nothing.</p>

      {test.state !== 'notNeeded' ? (
        <fieldset className="rx-visit-part">
          <legend>Pregnancy test{test.kind !== null ? `: ${TEST_KIND_WORDS[test.kind] ?? test.kind}` : ''}</legend>
          {test.state === 'done' ? (
            <p className="rx-visit-done">Done: the test of {formatDate(test.doneOn ?? today)} opened this month's window.</p>
          ) : test.state === 'notYet' ? (
            <p>Not yet: a test collected from {formatDate(test.earliestOn ?? today)} can open the window.</p>
          ) : (
            <>
              <RadioGroupField
                form={form}
                name="pregnancyTest/result"
                label="Result"
                options={[
                  ['negative', 'Negative'],
                  ['positive', 'Positive'],
                  ['invalid', 'Invalid'],
                  // A choice too, so a forgotten result is never taken for a result not yet known.
                  [NOT_BACK_YET, 'Not back yet'],
                ]}
                hint={
                  positive
                    ? 'A positive result stops all treatment and puts the patient on pregnancy hold (R-PREG-1); no prescription is written with it.'
                    : form.values['pregnancyTest/result'] === NOT_BACK_YET
                      ? 'The test is left out of this visit; record it when the result is back.'
                      : undefined
                }
              />
              <div className="rx-form-row">
                <TextField
                  form={form}
                  name="pregnancyTest/specimenDate"
                  label="Specimen collected on"
                  type="date"
                  max={today}
                  hint="Day 1 of the 7-day window."
                />
                <TextField
                  form={form}
                  name="pregnancyTest/resultDate"
                  label="Result date"
                  type="date"
                  max={today}
                  value={form.values['pregnancyTest/resultDate'] || form.values['pregnancyTest/specimenDate']}
                />
              </div>
              <div className="rx-form-row">
                <SelectField
                  form={form}
                  name="pregnancyTest/setting"
                  label="Where"
                  options={[
                    ['clinic', 'Clinic'],
                    ['lab', 'Laboratory'],
                  ]}
                />
                <SelectField form={form} name="pregnancyTest/clia" label="CLIA-certified laboratory" options={YES_NO} />
              </div>
              <p className="hint">
                Where and CLIA: {test.placeFrom === 'lastTest' ? 'as her last test' : 'the clinic default'}; a home test is recorded under "Other records".
              </p>
            </>
          )}
        </fieldset>
      ) : null}

      {contraception.state !== 'notNeeded' ? (
        <fieldset className="rx-visit-part">
          <legend>Contraception</legend>
          {!contraceptionOffered ? (
            <p className="rx-visit-done">Done: declared on {formatDate(contraception.doneOn ?? today)}.</p>
          ) : (
            <>
              {contraception.state === 'done' ? (
                <p>Already declared this month, on {formatDate(contraception.doneOn ?? today)}; confirm it again at this visit if you wish.</p>
              ) : null}
              {sameAllowed && contraception.last !== null ? (
                <>
                  <CheckboxField
                    form={form}
                    name="contraception/sameAsLastMonth"
                    label="Same methods as last month"
                    hint={`${methodsLine(contraception.last.methods, contraception.last.abstinence)}, in use since ${formatDate(contraception.last.startedOn)} (declared ${formatDate(contraception.last.declaredOn)}).`}
                  />
                  {form.values['contraception/sameAsLastMonth'] !== 'true' ? (
                    <details className="rx-visit-change">
                      <summary>The methods changed: enter them</summary>
                      {methodsFields}
                    </details>
                  ) : null}
                </>
              ) : (
                <>
                  {contraception.sameAsLastMonth.allowed ? null : contraception.sameAsLastMonth.reasons.every((r) => r.code === 'NO_PREVIOUS_DECLARATION') ? (
                    <p className="hint">First declaration: the methods in use and since when.</p>
                  ) : (
                    <ReasonList reasons={contraception.sameAsLastMonth.reasons} tone="warning" />
                  )}
                  {methodsFields}
                </>
              )}
            </>
          )}
        </fieldset>
      ) : null}

      {canSubmit.counseling && counseling.state !== 'notNeeded' ? (
        <fieldset className="rx-visit-part">
          <legend>Counseling</legend>
          {counselingOffered ? (
            <>
              <CheckboxField
                form={form}
                name="counseling/confirmed"
                label="I counseled the patient on the risks, contraception and psychiatric warning signs at this visit"
              />
              <SelectField
                form={form}
                name="counseling/modality"
                label="Visit"
                options={[
                  ['inPerson', 'In person'],
                  ['telehealth', 'Telehealth'],
                ]}
              />
            </>
          ) : (
            <p className="rx-visit-done">Done: confirmed on {formatDate(counseling.doneOn ?? today)}.</p>
          )}
        </fieldset>
      ) : null}

      {canSubmit.prescription && prescription.state !== 'notNeeded' ? (
        <fieldset className="rx-visit-part">
          <legend>Prescription</legend>
          {prescription.state === 'done' ? (
            <p className="rx-visit-done">Done: written on {formatDate(prescription.doneOn ?? today)}.</p>
          ) : prescription.state === 'notYet' ? (
            <p>Not yet: the prescription follows the negative confirmation test.</p>
          ) : positive ? (
            <p>No prescription with a positive pregnancy test.</p>
          ) : (
            <>
              <CheckboxField
                form={form}
                name="prescription/write"
                label="Write this month's prescription"
                hint={
                  prefill.source === 'none'
                    ? 'No refills: every month needs a new prescription (R-RX-2).'
                    : `Prefilled from ${prefill.source === 'dosePlan' ? 'the dose plan' : prefill.source === 'lastPrescription' ? 'last month' : "last month and the dose plan's current step"}; no refills (R-RX-2).`
                }
              />
              {form.values['prescription/write'] === 'true' ? (
                <>
                  <SelectField
                    form={form}
                    name="prescription/productStrength"
                    label="Product and strength"
                    options={productOptions}
                    hint="Absorica, Absorica LD and the generics are not interchangeable (R-RX-5)."
                  />
                  <div className="rx-form-row">
                    <TextField form={form} name="prescription/capsulesPerDay" label="Capsules a day" inputMode="numeric" />
                    <TextField form={form} name="prescription/daysSupply" label="Days' supply" inputMode="numeric" hint={`At most ${MAX_DAYS_SUPPLY}.`} />
                  </div>
                  <PrescriptionPreview
                    patientId={patientId}
                    terms={{
                      product,
                      strengthMg,
                      capsulesPerDay: form.values['prescription/capsulesPerDay'],
                      daysSupply: form.values['prescription/daysSupply'],
                    }}
                  />
                </>
              ) : null}
            </>
          )}
        </fieldset>
      ) : null}

      {!canSubmit.counseling ? <p className="hint">Counseling and the prescription are the prescriber's: the prescriber finishes this visit.</p> : null}
      {!anythingOffered ? <p>Nothing more to record at this visit.</p> : null}
      <FormProblem error={form.serverError} />
      {form.serverError?.fieldError('visitOn') !== undefined ? (
        <p className="problem" role="alert">
          {form.serverError.fieldError('visitOn')}
        </p>
      ) : null}
      {nothing ? (
        <p className="problem" role="alert">
          Nothing to record: choose the test result, tick what was done, or fill in the methods.
        </p>
      ) : null}
      {anythingOffered ? (
        <div>
          <SubmitButton busy={form.busy} busyText="Recording…">
            Record the visit
          </SubmitButton>
        </div>
      ) : null}
    </form>
  );
}
