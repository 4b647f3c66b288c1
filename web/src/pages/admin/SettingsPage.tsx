// Clinic settings, one card per practice and pharmacy: the time zone its staff read moments in
// (a US zone from the list, or any IANA name), a practice's default cumulative dose target, and
// the organization's program certification.
import { useState } from 'react';
import { api } from '../../api';
import { FormProblem, numberBetween, required, SelectField, SubmitButton, TextField, useForm, type FormState, type Validator } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { formatMoment } from '../../dates';
import { useMe } from '../../session';
import { CertificationForm, CertificationSummary } from './Certification';
import { OrganizationProgram } from './OrganizationProgram';
import { clinicTimeZone, isKnownTimeZone, type Organization } from './adminTypes';
import './admin.css';

const OTHER = 'other';

export const COMMON_TIME_ZONES: ReadonlyArray<readonly [string, string]> = [
  ['America/New_York', 'Eastern (New York)'],
  ['America/Chicago', 'Central (Chicago)'],
  ['America/Denver', 'Mountain (Denver)'],
  ['America/Phoenix', 'Mountain, no daylight saving (Phoenix)'],
  ['America/Los_Angeles', 'Pacific (Los Angeles)'],
  ['America/Anchorage', 'Alaska (Anchorage)'],
  ['Pacific/Honolulu', 'Hawaii (Honolulu)'],
  ['America/Puerto_Rico', 'Atlantic (Puerto Rico)'],
  [OTHER, 'Another time zone (IANA name)…'],
];

/** The bounds the server accepts (§3.3). */
const TARGET = { min: 60, max: 300 };

export function SettingsPage() {
  const organizations = useLoad(() => api.get<Organization[]>('/organizations'), []);
  return (
    <section className="admin-page" aria-labelledby="settings-title">
      <h1 id="settings-title">Clinic settings</h1>
      <p className="hint">
        Each practice and pharmacy shows dates and times in its own time zone. A practice's cumulative dose target is used for every dose plan that does not set
        its own.
      </p>
      <Await loaded={organizations} what="organizations">
        {(list) =>
          list.length === 0 ? (
            <p>No practice or pharmacy is registered yet.</p>
          ) : (
            <div className="admin-organizations">
              {list.map((organization) => (
                <OrganizationCard key={organization.id} organization={organization} onChanged={organizations.reload} />
              ))}
            </div>
          )
        }
      </Await>
    </section>
  );
}

const knownZone: Validator = (value) =>
  value === '' || isKnownTimeZone(value) ? undefined : 'Not a time zone this browser knows. Use an IANA name such as America/Chicago.';

function OrganizationCard({ organization, onChanged }: { organization: Organization; onChanged: () => void }) {
  const me = useMe();
  const [saved, setSaved] = useState<string | null>(null);
  const listed = COMMON_TIME_ZONES.some(([zone]) => zone === organization.timeZone);
  const practice = organization.kind === 'practice';
  const titleId = `organization-${organization.id}`;
  const form: FormState<'zoneChoice' | 'otherZone' | 'target'> = useForm(
    {
      zoneChoice: listed ? organization.timeZone : OTHER,
      otherZone: listed ? '' : organization.timeZone,
      target: organization.cumulativeTargetMgPerKg === null ? '' : String(organization.cumulativeTargetMgPerKg),
    },
    {
      zoneChoice: [required],
      // Checked only when "another time zone" is chosen.
      otherZone: [(value) => (form.values.zoneChoice === OTHER ? (required(value) ?? knownZone(value)) : undefined)],
      target: practice ? [required, numberBetween(TARGET.min, TARGET.max)] : [],
    },
    async (values) => {
      setSaved(null);
      const timeZone = values.zoneChoice === OTHER ? values.otherZone.trim() : values.zoneChoice;
      const result = await api.post<Organization>(`/organizations/${organization.id}/settings`, {
        timeZone,
        ...(practice ? { cumulativeTargetMgPerKg: Number(values.target) } : {}),
      });
      setSaved(`Saved: ${result.timeZone}${practice ? `, ${result.cumulativeTargetMgPerKg} mg/kg` : ''}.`);
      onChanged();
    },
  );
  // The server names the time zone field "timeZone"; the page has two (the list, and the free entry).
  const zoneError = form.serverError?.fieldError('timeZone');
  const chosenZone = form.values.zoneChoice === OTHER ? form.values.otherZone.trim() : form.values.zoneChoice;
  const preview = isKnownTimeZone(chosenZone) ? `Now there: ${formatMoment(new Date().toISOString(), chosenZone)}` : undefined;
  return (
    <article className="card admin-organization" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {organization.name} <span className="badge">{practice ? 'Practice' : 'Pharmacy'}</span>
      </h2>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={`Settings of ${organization.name}`}>
        <SelectField
          form={form}
          name="zoneChoice"
          label="Time zone"
          options={COMMON_TIME_ZONES}
          hint={form.values.zoneChoice === OTHER ? undefined : preview}
        />
        {form.values.zoneChoice === OTHER ? (
          <TextField
            form={form}
            name="otherZone"
            label="IANA time zone name"
            placeholder="e.g. America/Boise"
            autoComplete="off"
            spellCheck={false}
            hint={preview ?? 'As in the IANA database: Area/City, e.g. America/Indiana/Indianapolis.'}
          />
        ) : null}
        {zoneError !== undefined && form.error('otherZone') === undefined ? (
          <p className="field-error" role="alert">
            {zoneError}
          </p>
        ) : null}
        {practice ? (
          <TextField
            form={form}
            name="target"
            label="Default cumulative dose target (mg/kg)"
            type="number"
            inputMode="decimal"
            min={TARGET.min}
            max={TARGET.max}
            step="any"
            hint={`From ${TARGET.min} to ${TARGET.max} mg/kg; 120–150 is usual.`}
          />
        ) : null}
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy}>Save settings</SubmitButton>
        <p role="status" className={saved === null ? 'admin-visually-hidden' : 'success'}>
          {saved ?? ''}
        </p>
      </form>
      <h3>Program</h3>
      <OrganizationProgram organizationId={organization.id} name={organization.name} timeZone={clinicTimeZone(me)} />
      <h3>Program certification</h3>
      <p>
        <CertificationSummary current={organization.certification} next={organization.nextCertification} />
      </p>
      <details className="admin-details">
        <summary>Record a certification change</summary>
        <CertificationForm
          path={`/organizations/${organization.id}/certifications`}
          subject={organization.name}
          timeZone={clinicTimeZone(me)}
          onRecorded={onChanged}
        />
      </details>
    </article>
  );
}
