// Enroll a patient (prescriber only): names, birth date, the risk category with the criterion that
// supports it (R-CAT-1), the enrollment date, and optionally the patient's own log-in. On success
// the patient's page opens, with what to do next.
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api';
import type { EnrolledPatient, RiskCategory } from '../../apiTypes';
import { CheckboxField, FormProblem, isoDate, maxLength, notAfter, required, SelectField, SubmitButton, TextAreaField, TextField, useForm, type Validator } from '../../components/forms';
import { EnrollmentPharmacySelect } from '../../components/PharmacyChoice';
import { ageOn, todayIn } from '../../dates';
import { useClinicTimeZone } from '../../session';
import { CATEGORY_WORDS, CRITERIA_BY_CATEGORY, CRITERIA_NEEDING_REASON, CRITERION_WORDS } from './labels';
import './prescriber.css';

type Field = 'givenName' | 'familyName' | 'birthDate' | 'category' | 'criterion' | 'criterionReason' | 'enrolledOn' | 'withAccount' | 'account/email' | 'account/password' | 'pharmacyId';

const MIN_AGE_YEARS = 12;

export function EnrollPage() {
  const navigate = useNavigate();
  const today = todayIn(useClinicTimeZone());
  const values = useRef<Record<Field, string> | null>(null);
  const other = (name: Field) => values.current?.[name] ?? '';

  const oldEnough: Validator = (birthDate) => {
    const on = other('enrolledOn') || today;
    if (birthDate === '' || isoDate(birthDate) !== undefined || isoDate(on) !== undefined) return undefined;
    return ageOn(birthDate, on) < MIN_AGE_YEARS ? `Isotretinoin is indicated from age ${MIN_AGE_YEARS}; the patient is younger on the enrollment date (R-ENR-2).` : undefined;
  };
  const criterionFits: Validator = (criterion) => {
    const category = other('category') as RiskCategory;
    return CRITERIA_BY_CATEGORY[category]?.includes(criterion) ? undefined : `Choose a criterion that supports ${category} (R-CAT-1).`;
  };
  const reasonWhenNeeded: Validator = (reason) =>
    CRITERIA_NEEDING_REASON.includes(other('criterion')) && reason.trim() === '' ? 'This criterion needs your documented reason (R-CAT-1).' : undefined;
  const whenAccount =
    (...validators: Validator[]): Validator =>
    (value) =>
      other('withAccount') === 'true' ? validators.map((validate) => validate(value)).find((message) => message !== undefined) : undefined;
  const email: Validator = (value) => (value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : 'An email address, like name@example.com.');
  const password: Validator = (value) => (value.length >= 12 ? (value.length > 200 ? 'At most 200 characters.' : undefined) : 'At least 12 characters.');

  const form = useForm<Field>(
    {
      givenName: '',
      familyName: '',
      birthDate: '',
      category: 'PCGP',
      criterion: 'reproductivePotential',
      criterionReason: '',
      enrolledOn: today,
      withAccount: 'false',
      'account/email': '',
      'account/password': '',
      pharmacyId: '',
    },
    {
      givenName: [required, maxLength(100)],
      familyName: [required, maxLength(100)],
      birthDate: [required, isoDate, notAfter(today), oldEnough],
      category: [required],
      criterion: [required, criterionFits],
      criterionReason: [reasonWhenNeeded, maxLength(1000)],
      enrolledOn: [required, isoDate, notAfter(today)],
      'account/email': [whenAccount(required, email, maxLength(254))],
      'account/password': [whenAccount(password)],
    },
    async (input) => {
      const created = await api.post<EnrolledPatient>('/patients', {
        givenName: input.givenName.trim(),
        familyName: input.familyName.trim(),
        birthDate: input.birthDate,
        category: input.category,
        criterion: input.criterion,
        ...(input.criterionReason.trim() === '' ? {} : { criterionReason: input.criterionReason.trim() }),
        enrolledOn: input.enrolledOn,
        ...(input.withAccount === 'true' ? { account: { email: input['account/email'].trim(), password: input['account/password'] } } : {}),
        ...(input.pharmacyId === '' ? {} : { pharmacyId: input.pharmacyId }),
      });
      navigate(`/patients/${created.id}`, { state: { enrolled: created.programId } });
    },
  );
  values.current = form.values;
  const category = form.values.category as RiskCategory;

  return (
    <section aria-labelledby="enroll-title">
      <h1 id="enroll-title">Enroll a patient</h1>
      <p className="hint rx-lead">
        After enrolling, record the consents, then (for a patient who can get pregnant) the screening test and contraception. <Link to="/patients">Back to patients</Link>
      </p>
      <form className="card" onSubmit={(event) => void form.submit(event)} noValidate aria-labelledby="enroll-title">
        <div className="rx-form-row">
          <TextField form={form} name="givenName" label="Given name" autoComplete="off" />
          <TextField form={form} name="familyName" label="Family name" autoComplete="off" />
        </div>
        <div className="rx-form-row">
          <TextField form={form} name="birthDate" label="Date of birth" type="date" max={today} />
          <TextField form={form} name="enrolledOn" label="Enrollment date" type="date" max={today} />
        </div>
        <SelectField
          form={form}
          name="category"
          label="Risk category"
          options={(['PCGP', 'PCNGP'] as const).map((value) => [value, CATEGORY_WORDS[value]] as const)}
          hint="A patient with a uterus or ovaries is PCGP unless a criterion below is documented. A tubal ligation keeps a patient PCGP."
          onChange={(event) => {
            const next = event.target.value as RiskCategory;
            form.set('category', next);
            form.set('criterion', CRITERIA_BY_CATEGORY[next][0] as string);
          }}
        />
        <SelectField
          form={form}
          name="criterion"
          label="Criterion for the category"
          options={CRITERIA_BY_CATEGORY[category].map((value) => [value, CRITERION_WORDS[value] ?? value] as const)}
        />
        {CRITERIA_NEEDING_REASON.includes(form.values.criterion) || form.values.criterionReason !== '' ? (
          <TextAreaField form={form} name="criterionReason" label="Reason for the criterion" hint="Required for a pre-menarchal exemption or another permanent cause." />
        ) : null}
        <EnrollmentPharmacySelect form={form} name="pharmacyId" />
        <CheckboxField form={form} name="withAccount" label="Create the patient's own log-in now" hint="The patient answers the monthly questions, the PHQ-9 and symptoms in the app." />
        {form.values.withAccount === 'true' ? (
          <fieldset>
            <legend>Patient log-in</legend>
            <TextField form={form} name="account/email" label="Patient's email" type="email" autoComplete="off" />
            <TextField form={form} name="account/password" label="First password" type="password" autoComplete="new-password" hint="At least 12 characters; give it to the patient in person." />
          </fieldset>
        ) : null}
        <FormProblem error={form.serverError} />
        <div>
          <SubmitButton busy={form.busy} busyText="Enrolling…">
            Enroll the patient
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
