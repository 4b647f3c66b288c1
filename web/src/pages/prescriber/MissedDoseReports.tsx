// Missed days the patient reported herself (issue 12 item 7): they count toward the cumulative dose
// only once the care team confirms them. Each waiting report is confirmed or declined here in one
// click (POST /patients/{id}/missed-doses/{missedDoseId}/review), by the prescriber or a delegate.
import { useState } from 'react';
import { api, ApiError } from '../../api';
import type { ClinicalReview } from '../../apiTypes';
import { FormProblem } from '../../components/forms';
import { formatDate } from '../../dates';

type Report = ClinicalReview['missedDoseReports'][number];

const days = (report: Report) => (report.from === report.to ? formatDate(report.from) : `${formatDate(report.from)} to ${formatDate(report.to)}`);

export function MissedDoseReports({ patientId, reports, onChanged }: { patientId: string; reports: readonly Report[]; onChanged: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const waiting = reports.filter((report) => report.status === 'awaitingCareTeam');
  if (waiting.length === 0 && done === null) {
    return null;
  }
  const review = async (report: Report, decision: 'confirmed' | 'declined') => {
    setBusy(report.id);
    setError(null);
    try {
      await api.post(`/patients/${patientId}/missed-doses/${report.id}/review`, { decision });
      setDone(
        `Missed days ${days(report)} ${decision === 'confirmed' ? 'confirmed: they now count in the cumulative dose' : 'declined: they are not counted'}.`,
      );
      onChanged();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : null);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card" aria-labelledby="missed-reports-title">
      <h2 id="missed-reports-title">Missed days reported by the patient</h2>
      <p className="hint">They count toward the cumulative dose (and move the projected end) only once you confirm them.</p>
      <div role="status">{done === null ? null : <p className="success">{done}</p>}</div>
      <FormProblem error={error} />
      <ul className="rx-alert-list">
        {waiting.map((report) => (
          <li key={report.id} className="rx-alert-item">
            <p>
              <strong>{days(report)}</strong>
              {report.reason === null ? null : <> · {report.reason}</>}
            </p>
            <div className="rx-form-row">
              <button type="button" disabled={busy !== null} onClick={() => void review(report, 'confirmed')}>
                Confirm
              </button>
              <button type="button" className="secondary" disabled={busy !== null} onClick={() => void review(report, 'declined')}>
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
