// Can the next fill happen? The status's answer in words: "Ready to fill until <date>", or what
// blocks it, each reason with what fixes it and the date it can clear.
import type { Reason } from '../../api';
import type { ProgramOverride, ProgramStatus } from '../../apiTypes';
import { ReasonList } from '../../components/reasons';
import { daysBetween, formatDate } from '../../dates';

function showValue(value: ProgramOverride['value']): string {
  return value === null ? 'none' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
}

function latest(dates: readonly string[]): string | null {
  return dates.length === 0 ? null : ([...dates].sort().at(-1) ?? null);
}

/** The verdict alone: ready (until when) or blocked (by what, until when). */
export function FillVerdict({
  status,
  blockers = status.blockers,
  readyUntil,
}: {
  status: ProgramStatus;
  blockers?: readonly Reason[];
  readyUntil?: string | null;
}) {
  if (blockers.length === 0) {
    const authorization = status.activeAuthorization;
    const until = readyUntil ?? authorization?.doNotDispenseAfter ?? status.window?.lastDay ?? null;
    const left = until === null ? null : daysBetween(status.asOf, until);
    return (
      <div className="rx-verdict rx-verdict-ready">
        <p className="rx-verdict-title">
          {authorization !== null
            ? `Authorized (${authorization.rmaNumber}): the pharmacy can dispense until ${formatDate(authorization.doNotDispenseAfter)}`
            : until === null
              ? 'Ready to fill'
              : `Ready to fill until ${formatDate(until)}`}
        </p>
        {until === null && authorization === null && status.category === 'PCNGP' ? (
          <p>
            No prescription window applies to a patient who cannot get pregnant under {status.ruleSet}; the pharmacy's authorization sets the last day to
            dispense.
          </p>
        ) : null}
        {left !== null ? <p>{left <= 0 ? 'Today is the last day.' : `Today and ${left} more ${left === 1 ? 'day' : 'days'}.`}</p> : null}
      </div>
    );
  }
  const clears = latest(blockers.map((reason) => reason.earliestChangeDate).filter((date): date is string => typeof date === 'string'));
  return (
    <div className="rx-verdict rx-verdict-blocked">
      <p className="rx-verdict-title">
        Cannot be filled yet: {blockers.length} {blockers.length === 1 ? 'thing blocks' : 'things block'} the next fill
      </p>
      {clears !== null ? <p>The earliest the dated reasons clear: {formatDate(clears)}.</p> : null}
      <ReasonList reasons={blockers} />
    </div>
  );
}

export function FillStatus({ status }: { status: ProgramStatus & { programOverrides?: ProgramOverride[] } }) {
  const end = status.endOfCourse;
  const overrides = status.programOverrides;
  return (
    <section className="card rx-fill-status" aria-labelledby="fill-status-title">
      <h2 id="fill-status-title">Next fill</h2>
      <FillVerdict status={status} />
      {status.warnings.length > 0 ? (
        <>
          <h3>Warnings</h3>
          <ReasonList reasons={status.warnings} tone="warning" />
        </>
      ) : null}
      <dl className="rx-facts-list">
        {status.window !== null ? (
          <div>
            <dt>Prescription window</dt>
            <dd>
              {formatDate(status.window.opensOn)} to {formatDate(status.window.lastDay)} (from the{' '}
              {status.window.anchor === 'specimen' ? 'specimen date' : 'office visit'})
            </dd>
          </div>
        ) : null}
        {status.lockoutUntil !== null ? (
          <div>
            <dt>No new window before</dt>
            <dd>{formatDate(status.lockoutUntil)} (REMS-2021 19-day rule after a missed first window)</dd>
          </div>
        ) : null}
        {status.supplyEndsOn !== null ? (
          <div>
            <dt>Current supply lasts until</dt>
            <dd>{formatDate(status.supplyEndsOn)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Dispenses so far</dt>
          <dd>{status.dispenseCount}</dd>
        </div>
        <div>
          <dt>Rules in force</dt>
          <dd>
            {status.ruleSet}
            {overrides === undefined ? null : overrides.length === 0 ? (
              <span className="hint"> — the program's documents' values, no override</span>
            ) : (
              <ul className="rx-overrides" aria-label="The practice's overrides in force">
                {overrides.map((override) => (
                  <li key={override.key}>
                    {override.key} = {showValue(override.value)} (document: {showValue(override.default)}) — {override.source}, from{' '}
                    {formatDate(override.effectiveFrom)}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        {end !== null ? (
          <>
            <div>
              <dt>Last dose</dt>
              <dd>{formatDate(end.lastDoseOn)}</dd>
            </div>
            {end.endOfTreatmentTestDue !== null ? (
              <div>
                <dt>End-of-treatment test</dt>
                <dd>{end.endOfTreatmentTestDone ? 'Done' : `Due ${formatDate(end.endOfTreatmentTestDue)}`}</dd>
              </div>
            ) : null}
            {end.postTreatmentTestDue !== null ? (
              <div>
                <dt>Post-treatment test</dt>
                <dd>{end.postTreatmentTestDone ? 'Done' : `Due ${formatDate(end.postTreatmentTestDue)}`}</dd>
              </div>
            ) : null}
            {end.contraceptionUntil !== null ? (
              <div>
                <dt>Contraception until</dt>
                <dd>{formatDate(end.contraceptionUntil)}</dd>
              </div>
            ) : null}
            <div>
              <dt>Blood donation allowed from</dt>
              <dd>{formatDate(end.bloodDonationAllowedFrom)}</dd>
            </div>
          </>
        ) : null}
      </dl>
    </section>
  );
}
