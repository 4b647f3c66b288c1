// "Program system unavailable" (issue 12, item 5), one button wherever the pharmacist holds a fill's
// authorization without the program's own RMA number: Find a patient (AuthorizationPanel) and the
// one-step counter (CounterPage). The same request either way (POST /authorizations/{id}/program-attempts);
// the counter names the patient by the prescription, as it has no birth date.
import { useState } from 'react';
import { api, ApiError } from '../../api';
import type { ProgramAttemptAnswer } from '../../apiTypes';
import { FormProblem } from '../../components/forms';
import { formatDate } from '../../dates';

/** How the request names the patient: her program identifier and birth date, or a prescription naming this pharmacy. */
export type AttemptNaming = { programId: string; birthDate: string } | { prescriptionId: string };

/**
 * One click: the pharmacy tried the program's system (iPLEDGE REMS) for this fill's RMA number and
 * could not reach it. Recorded with when and by whom; it flags the fill, never unlocks its
 * dispense. When the number comes, "Record REMS confirmation" reconciles it.
 */
export function ProgramUnavailableButton({
  naming,
  authorization,
  onChanged,
}: {
  naming: AttemptNaming;
  authorization: { id: string; doNotDispenseAfter: string };
  onChanged: (tone: 'success' | 'warning', text: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  async function record() {
    setBusy(true);
    setProblem(null);
    try {
      const answer = await api.post<ProgramAttemptAnswer>(`/authorizations/${authorization.id}/program-attempts`, {
        ...naming,
        outcome: 'unavailable',
      });
      const closes = answer.programOutage === null ? authorization.doNotDispenseAfter : answer.programOutage.closesOn;
      onChanged(
        'warning',
        `Recorded: program system unavailable. Try it again, and record its RMA number when it comes; the fill must be dispensed by ${formatDate(closes)}.${
          answer.programOutage?.atRisk === true ? ' The window closes soon: the care team is told.' : ''
        }`,
      );
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void record()}>
        {busy ? 'Recording…' : 'Program system unavailable'}
      </button>
      <FormProblem error={problem} />
    </>
  );
}
