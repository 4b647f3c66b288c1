// Waiting fills: the authorizations this pharmacy holds that are neither dispensed nor reversed,
// soonest "do not dispense after" date first; overdue ones can no longer be dispensed and must be
// reversed (R-AUTH-2). Opening one goes to the counter with the program identifier filled in: the
// date of birth is still asked of the patient (§1.1).
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { WaitingFill, WaitingFills } from '../../apiTypes';
import { Await, useLoad, HeadingWithRefresh } from '../../components/status';
import { daysBetween, formatDate } from '../../dates';
import { daysLeftBadge, prescriptionTerms } from './labels';
import './pharmacist.css';

function due(fill: WaitingFill, asOf: string): { text: string; badge: string } {
  const overdueBy = (days: number) => `Overdue by ${days} day${days === 1 ? '' : 's'}: reverse it`;
  if (fill.state === 'overdue') {
    return { text: overdueBy(Math.max(0, -daysBetween(asOf, fill.doNotDispenseAfter))), badge: 'badge-urgent' };
  }
  return daysLeftBadge(asOf, fill.doNotDispenseAfter, overdueBy);
}

export function QueuePage() {
  const loaded = useLoad(() => api.get<WaitingFills>('/pharmacy/authorizations'), []);
  return (
    <section className="pharmacy">
      <HeadingWithRefresh title="Waiting fills" loaded={loaded} />
      <p className="hint lead">Authorized, not yet dispensed or reversed. Soonest do-not-dispense-after date first.</p>
      <Await loaded={loaded} what="the waiting fills">
        {({ asOf, fills }) => {
          const overdue = fills.filter((fill) => fill.state === 'overdue').length;
          if (fills.length === 0) {
            return <p className="notice">No authorized fill is waiting. Authorizations you request appear here until they are dispensed or reversed.</p>;
          }
          return (
            <>
              <p role="status">
                {fills.length} waiting fill{fills.length === 1 ? '' : 's'} as of {formatDate(asOf)}
                {overdue === 0 ? (
                  '.'
                ) : (
                  <strong>
                    , {overdue} overdue: reverse {overdue === 1 ? 'it' : 'them'} and return the stock.
                  </strong>
                )}
              </p>
              <div className="table-scroll">
                <table className="queue-table">
                  <caption className="visually-hidden">Waiting fills, soonest do-not-dispense-after date first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Do not dispense after</th>
                      <th scope="col">Patient</th>
                      <th scope="col">Prescription</th>
                      <th scope="col">Authorization</th>
                      <th scope="col">
                        <span className="visually-hidden">Open</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {fills.map((fill) => {
                      const when = due(fill, asOf);
                      return (
                        <tr key={fill.authorizationId} className={fill.state === 'overdue' ? 'overdue-row' : undefined}>
                          <td data-label="Do not dispense after">
                            <strong>{formatDate(fill.doNotDispenseAfter)}</strong>
                            <br />
                            <span className={`badge ${when.badge}`}>{when.text}</span>
                          </td>
                          <td data-label="Patient">
                            {fill.patient.name}
                            <br />
                            <span className="mono">{fill.patient.programId}</span>
                          </td>
                          <td data-label="Prescription">
                            {prescriptionTerms(fill.prescription)}
                            <br />
                            <span className="hint">written {formatDate(fill.prescription.writtenOn)}</span>
                          </td>
                          <td data-label="Authorization">
                            <span className="mono">{fill.rmaNumber}</span>
                            <br />
                            <span className="hint">
                              requested {formatDate(fill.requestedOn)}
                              {fill.remsConfirmed ? ', REMS confirmed' : ''}
                            </span>
                            {fill.programOutage === null ? null : (
                              <>
                                <br />
                                <span
                                  className={`badge ${fill.programOutage.atRisk ? 'badge-urgent' : 'badge-warning'}`}
                                  data-flag="program-system-unavailable"
                                >
                                  Program system unavailable{fill.programOutage.atRisk ? ': window closes soon' : ''}
                                </span>
                              </>
                            )}
                          </td>
                          <td data-label="">
                            <Link
                              className="button"
                              to={`/find?${new URLSearchParams({ programId: fill.patient.programId, authorization: fill.authorizationId }).toString()}`}
                              state={{ fill }}
                              aria-label={`${fill.state === 'overdue' ? 'Reverse' : 'Dispense'}: ${fill.patient.name}, ${fill.rmaNumber}`}
                            >
                              {fill.state === 'overdue' ? 'Reverse…' : 'Dispense…'}
                            </Link>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <p className="hint">Opening a fill asks for the patient&apos;s date of birth, as the program requires.</p>
            </>
          );
        }}
      </Await>
    </section>
  );
}
