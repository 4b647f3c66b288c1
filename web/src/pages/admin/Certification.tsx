// A prescriber's or an organization's program certification: what is in force today (and what is
// recorded for later), and the form that records a change (a dated fact: R-ENR-1).
import { useState } from 'react';
import { api } from '../../api';
import { FormProblem, isoDate, required, SelectField, SubmitButton, TextField, useForm } from '../../components/forms';
import { formatDate, todayIn } from '../../dates';
import { CERTIFICATION_LABELS, type Certification, type CertificationStatus } from './adminTypes';

const BADGE: Record<CertificationStatus, string> = { certified: 'badge-ok', suspended: 'badge-warning', revoked: 'badge-urgent' };

export function CertificationSummary({ current, next }: { current: Certification | null | undefined; next: Certification | null | undefined }) {
  return (
    <span className="admin-certification">
      {current === null || current === undefined ? (
        <span className="badge badge-urgent">Not certified</span>
      ) : (
        <span className={`badge ${BADGE[current.status]}`}>
          {CERTIFICATION_LABELS[current.status]} since {formatDate(current.effectiveOn)}
        </span>
      )}
      {next === null || next === undefined ? null : (
        <span className="admin-certification-next">
          {CERTIFICATION_LABELS[next.status]} from {formatDate(next.effectiveOn)}
        </span>
      )}
    </span>
  );
}

const STATUS_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['certified', 'Certified'],
  ['suspended', 'Suspended'],
  ['revoked', 'Revoked'],
];

/** Records a certification fact at `path` (…/users/{id}/certifications or …/organizations/{id}/certifications). */
export function CertificationForm({ path, subject, timeZone, onRecorded }: { path: string; subject: string; timeZone: string; onRecorded: () => void }) {
  const [recorded, setRecorded] = useState<string | null>(null);
  const today = todayIn(timeZone);
  const form = useForm({ status: 'certified', effectiveOn: today }, { status: [required], effectiveOn: [required, isoDate] }, async (values) => {
    setRecorded(null);
    const result = await api.post<Certification>(path, values);
    setRecorded(`${CERTIFICATION_LABELS[result.status]} from ${formatDate(result.effectiveOn)}, recorded for ${subject}.`);
    onRecorded();
  });
  return (
    <form className="admin-certification-form" onSubmit={(event) => void form.submit(event)} noValidate aria-label={`Certification of ${subject}`}>
      <div className="admin-field-row">
        <SelectField form={form} name="status" label="Status" options={STATUS_OPTIONS} />
        <TextField form={form} name="effectiveOn" label="Effective on" type="date" hint="The program's decision takes effect on this date." />
      </div>
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Recording…">
        Record certification
      </SubmitButton>
      <p role="status" className={recorded === null ? 'admin-visually-hidden' : 'success'}>
        {recorded ?? ''}
      </p>
    </form>
  );
}
