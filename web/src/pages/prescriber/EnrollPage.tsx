// Enroll a patient (prescriber only): names, birth date, the risk category with the criterion that
// supports it (R-CAT-1), the enrollment date (today unless changed), the consents signed today
// (R-ENR-4: one tick, plus the guardian's for a minor), and the patient's email, which creates her
// own log-in: she sets her password herself with the one-time activation link shown here once
// (and emailed when the server sends email). A patient who looks like one already enrolled (same
// names and birth date) is shown with a link to her record before a second record can be made.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api';
import type { EnrolledPatient, PossibleDuplicateProblem, RiskCategory } from '../../apiTypes';
import {
  CheckboxField,
  FormProblem,
  isoDate,
  maxLength,
  notAfter,
  required,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
  useForm,
  type Validator,
  type CrossFieldValidator,
} from '../../components/forms';
import { EnrollmentPharmacySelect } from '../../components/PharmacyChoice';
import { ageOn, formatDate, todayIn } from '../../dates';
import { useClinicTimeZone } from '../../session';
import { CATEGORY_WORDS, CRITERIA_BY_CATEGORY, CRITERIA_NEEDING_REASON, CRITERION_WORDS } from './labels';
import './prescriber.css';

type Field =
  | 'givenName'
  | 'familyName'
  | 'birthDate'
  | 'category'
  | 'criterion'
  | 'criterionReason'
  | 'enrolledOn'
  | 'consentsSigned'
  | 'guardianConsentSigned'
  | 'account/email'
  | 'duplicateOverride'
  | 'duplicateOverride/reason'
  | 'pharmacyId';

const MIN_AGE_YEARS = 12;

export function EnrollPage() {
  const navigate = useNavigate();
  const [duplicate, setDuplicate] = useState<PossibleDuplicateProblem | null>(null);
  const [enrolled, setEnrolled] = useState<(EnrolledPatient & { name: string }) | null>(null);
  const today = todayIn(useClinicTimeZone());

  const oldEnough: CrossFieldValidator<Field> = (birthDate, values) => {
    const on = values.enrolledOn || today;
    if (birthDate === '' || isoDate(birthDate) !== undefined || isoDate(on) !== undefined) {
      return undefined;
    }
    return ageOn(birthDate, on) < MIN_AGE_YEARS
      ? `Isotretinoin is indicated from age ${MIN_AGE_YEARS}; the patient is younger on the enrollment date (R-ENR-2).`
      : undefined;
  };
  const criterionFits: CrossFieldValidator<Field> = (criterion, values) => {
    const category = values.category as RiskCategory;
    return (CRITERIA_BY_CATEGORY as Partial<Record<string, readonly string[]>>)[category]?.includes(criterion)
      ? undefined
      : `Choose a criterion that supports ${category} (R-CAT-1).`;
  };
  const reasonWhenNeeded: CrossFieldValidator<Field> = (reason, values) =>
    CRITERIA_NEEDING_REASON.includes(values.criterion) && reason.trim() === '' ? 'This criterion needs your documented reason (R-CAT-1).' : undefined;
  const email: Validator = (value) => (value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : 'An email address, like name@example.com.');
  const reasonWhenOverriding: CrossFieldValidator<Field> = (reason, values) =>
    values.duplicateOverride === 'true' && reason.trim() === '' ? 'Say why this is a different person.' : undefined;

  const form = useForm<Field>(
    {
      givenName: '',
      familyName: '',
      birthDate: '',
      category: 'PCGP',
      criterion: 'reproductivePotential',
      criterionReason: '',
      enrolledOn: today,
      consentsSigned: 'false',
      guardianConsentSigned: 'false',
      'account/email': '',
      duplicateOverride: 'false',
      'duplicateOverride/reason': '',
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
      'account/email': [email, maxLength(254)],
      'duplicateOverride/reason': [reasonWhenOverriding, maxLength(1000)],
    },
    async (input, { set }) => {
      const minor = ageOn(input.birthDate, input.enrolledOn) < 18;
      const overriding = duplicate !== null && input.duplicateOverride === 'true';
      try {
        const created = await api.post<EnrolledPatient>('/patients', {
          givenName: input.givenName.trim(),
          familyName: input.familyName.trim(),
          birthDate: input.birthDate,
          category: input.category,
          criterion: input.criterion,
          ...(input.criterionReason.trim() === '' ? {} : { criterionReason: input.criterionReason.trim() }),
          enrolledOn: input.enrolledOn,
          consentsSigned: input.consentsSigned === 'true',
          ...(minor ? { guardianConsentSigned: input.guardianConsentSigned === 'true' } : {}),
          ...(input['account/email'].trim() === '' ? {} : { account: { email: input['account/email'].trim() } }),
          ...(overriding ? { duplicateOverride: { reason: input['duplicateOverride/reason'].trim() } } : {}),
          ...(input.pharmacyId === '' ? {} : { pharmacyId: input.pharmacyId }),
        });
        if (created.activation === undefined) {
          void navigate(`/patients/${created.id}`, { state: { enrolled: created.programId } });
          return;
        }
        // The activation link is shown once: stay here to hand it over.
        setEnrolled({ ...created, name: `${input.givenName.trim()} ${input.familyName.trim()}` });
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && (error.problem as { code?: unknown }).code === 'POSSIBLE_DUPLICATE_PATIENT') {
          setDuplicate(error.problem as PossibleDuplicateProblem);
          set('duplicateOverride', 'false');
          return;
        }
        throw error;
      }
    },
  );
  const category = form.values.category as RiskCategory;
  const minor =
    isoDate(form.values.birthDate) === undefined && isoDate(form.values.enrolledOn) === undefined && form.values.birthDate !== ''
      ? ageOn(form.values.birthDate, form.values.enrolledOn || today) < 18
      : false;

  if (enrolled !== null && enrolled.activation !== undefined) {
    return <Enrolled patient={enrolled} />;
  }

  return (
    <section aria-labelledby="enroll-title">
      <h1 id="enroll-title">Enroll a patient</h1>
      <p className="hint rx-lead">
        After enrolling, record the consents, then (for a patient who can get pregnant) the screening test and contraception.{' '}
        <Link to="/patients">Back to patients</Link>
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
          <TextAreaField
            form={form}
            name="criterionReason"
            label="Reason for the criterion"
            hint="Required for a pre-menarchal exemption or another permanent cause."
          />
        ) : null}
        <EnrollmentPharmacySelect form={form} name="pharmacyId" />
        <CheckboxField
          form={form}
          name="consentsSigned"
          label={
            category === 'PCGP'
              ? 'The patient signed the consent forms today (general informed consent, and the birth-defects consent)'
              : 'The patient signed the consent form today (general informed consent)'
          }
          hint="Leave it clear if not yet: the delegate records them later."
        />
        {minor ? (
          <CheckboxField form={form} name="guardianConsentSigned" label="A parent or guardian signed the consent today (the patient is under 18)" />
        ) : null}
        <TextField
          form={form}
          name="account/email"
          label="Patient's email (optional)"
          type="email"
          autoComplete="off"
          hint="Creates her own log-in: she chooses her password with a one-time link shown after enrolling (and emailed to her when the clinic sends email)."
        />
        {duplicate === null ? null : (
          <div className="problem" role="alert" aria-labelledby="duplicate-title">
            <p className="problem-title" id="duplicate-title">
              This patient may already be enrolled
            </p>
            {duplicate.matches.length > 0 ? (
              <ul>
                {duplicate.matches.map((match) => (
                  <li key={match.id}>
                    <Link to={`/patients/${match.id}`}>
                      {match.givenName} {match.familyName}
                    </Link>
                    , born {formatDate(match.birthDate)}, program ID <span className="program-id">{match.programId}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            {duplicate.otherPrescribersMatches > 0 ? (
              <p>Another prescriber of your practice has a patient with the same name and birth date: check with them.</p>
            ) : null}
            <CheckboxField form={form} name="duplicateOverride" label="Enroll anyway: this is a different person" />
            {form.values.duplicateOverride === 'true' ? (
              <TextAreaField
                form={form}
                name="duplicateOverride/reason"
                label="Why is this a different person?"
                hint="Kept with the record and in the audit trail."
              />
            ) : null}
          </div>
        )}
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

/** After enrolling with an email: the one-time activation link, to hand over or print, then the record. */
function Enrolled({ patient }: { patient: EnrolledPatient & { name: string } }) {
  const activation = patient.activation;
  if (activation === undefined) {
    return null;
  }
  const link = `${window.location.origin}${activation.path}`;
  return (
    <section aria-labelledby="enrolled-title">
      <h1 id="enrolled-title">{patient.name} is enrolled</h1>
      <div className="card">
        <p>
          Program ID <span className="program-id">{patient.programId}</span>.
        </p>
        <h2>Her activation link</h2>
        <p>
          She opens it to choose her own password. It works once, until {formatDate(activation.expiresAt.slice(0, 10))} ({activation.validDays} days).{' '}
          {activation.emailed ? 'It was also emailed to her.' : 'Give it to her now (print this page or copy the link): it is shown only once.'}
        </p>
        <p className="activation-link">
          <a href={link}>{link}</a>
        </p>
        <p>
          <Link to={`/patients/${patient.id}`} state={{ enrolled: patient.programId }}>
            Open {patient.name}'s record
          </Link>
        </p>
      </div>
    </section>
  );
}
