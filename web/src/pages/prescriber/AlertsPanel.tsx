// The clinical alerts still waiting for the prescriber (urgent ones first): what was found, what
// to do, and — for the prescriber — acknowledging it, with a note when the alert needs one. An
// urgent alert not yet acknowledged holds the next prescription (ALERT_NOT_ACKNOWLEDGED).
import { useState } from 'react';
import { api } from '../../api';
import type { RaisedAlert } from '../../apiTypes';
import { FormProblem, maxLength, SubmitButton, TextAreaField, useForm, type Validator } from '../../components/forms';
import { formatDate } from '../../dates';

const SEVERITY: Record<RaisedAlert['severity'], { label: string; tone: string }> = {
  urgent: { label: 'Urgent', tone: 'urgent' },
  warning: { label: 'Warning', tone: 'warning' },
  info: { label: 'Information', tone: 'neutral' },
};

function AcknowledgeForm({ patientId, alert, onDone }: { patientId: string; alert: RaisedAlert; onDone: () => void }) {
  const noteNeeded: Validator = (value) => (alert.requiresNote && value.trim() === '' ? 'This alert needs a note: what you assessed and decided.' : undefined);
  const form = useForm({ note: '' }, { note: [noteNeeded, maxLength(4000)] }, async (input) => {
    await api.post(`/patients/${patientId}/alert-acknowledgements`, { alertKey: alert.key, ...(input.note.trim() === '' ? {} : { note: input.note.trim() }) });
    onDone();
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={`Acknowledge: ${alert.message}`} className="rx-acknowledge-form">
      <TextAreaField form={form} name="note" label={alert.requiresNote ? 'Note (required)' : 'Note (optional)'} rows={2} />
      <FormProblem error={form.serverError} />
      <div>
        <SubmitButton busy={form.busy} busyText="Acknowledging…">
          Acknowledge
        </SubmitButton>
      </div>
    </form>
  );
}

export function AlertsPanel({
  patientId,
  alerts,
  canAcknowledge,
  onChanged,
}: {
  patientId: string;
  alerts: readonly RaisedAlert[];
  canAcknowledge: boolean;
  onChanged: () => void;
}) {
  const [acknowledged, setAcknowledged] = useState<string | null>(null);
  const pressing = alerts.filter((alert) => alert.severity !== 'info');
  const notes = alerts.filter((alert) => alert.severity === 'info');
  if (alerts.length === 0 && acknowledged === null) {
    return null;
  }
  const render = (alert: RaisedAlert) => {
    const severity = SEVERITY[alert.severity];
    return (
      <li key={alert.key} className={`rx-alert-item rx-alert-${severity.tone}`}>
        <p className="rx-alert-head">
          <span className={`badge badge-${severity.tone}`}>{severity.label}</span> <span className="rx-muted">raised {formatDate(alert.raisedOn)}</span>
        </p>
        <p className="reason-message">{alert.message}</p>
        <p className="reason-action">{alert.recommendedAction}</p>
        <p className="reason-rule">
          {alert.code} · {alert.rule}
        </p>
        {canAcknowledge ? (
          <details>
            <summary>Acknowledge this alert</summary>
            <AcknowledgeForm
              patientId={patientId}
              alert={alert}
              onDone={() => {
                setAcknowledged(`Acknowledged: ${alert.message}`);
                onChanged();
              }}
            />
          </details>
        ) : null}
      </li>
    );
  };
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Open alerts</h2>
      {!canAcknowledge && pressing.length > 0 ? <p className="hint">Only the prescriber can acknowledge alerts.</p> : null}
      <div role="status">{acknowledged === null ? null : <p className="success">{acknowledged}</p>}</div>
      {pressing.length > 0 ? <ul className="rx-alert-list">{pressing.map(render)}</ul> : null}
      {notes.length > 0 ? (
        <details className="rx-info-alerts">
          <summary>
            {notes.length} informational {notes.length === 1 ? 'note' : 'notes'} (expected side effects)
          </summary>
          <ul className="rx-alert-list">{notes.map(render)}</ul>
        </details>
      ) : null}
    </section>
  );
}
