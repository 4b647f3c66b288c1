// The words for a patient's state on a page: the badge and the headline come from the server's one
// function (src/domain/stateWords.ts describePatientState, answered as `summary` by /status, the
// record, the patient list and the worklist), so no page chooses its own words or colours. Only
// the 'ready' tone is green: the fill decision allows.
import type { PatientStateSummary } from '../apiTypes';
import './stateWords.css';

export type StateTone = PatientStateSummary['tone'];

/** The badge class of a tone (styles.css): green only when ready, amber when blocked, red when urgent. */
export function toneBadgeClass(tone: StateTone): string {
  switch (tone) {
    case 'ready':
      return 'badge badge-ok';
    case 'blocked':
      return 'badge badge-warning';
    case 'urgent':
      return 'badge badge-urgent';
    default:
      return 'badge';
  }
}

export function StateBadge({ summary }: { summary: Pick<PatientStateSummary, 'tone' | 'label'> }) {
  return (
    <span className={toneBadgeClass(summary.tone)} data-tone={summary.tone}>
      {summary.label}
    </span>
  );
}

/** This month's steps, each done or to do (a passed questionnaire shows as done at once). */
export function MonthSteps({ summary, label = "This month's steps" }: { summary: PatientStateSummary; label?: string }) {
  if (summary.steps.length === 0) {
    return null;
  }
  return (
    <ul className="state-steps" aria-label={label}>
      {summary.steps.map((step) => (
        <li key={step.code} data-step={step.code} data-done={step.done}>
          <span aria-hidden="true">{step.done ? '✓' : '○'}</span> {step.label}: <strong>{step.done ? 'done' : 'to do'}</strong>
        </li>
      ))}
    </ul>
  );
}
