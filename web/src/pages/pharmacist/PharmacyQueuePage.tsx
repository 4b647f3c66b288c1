// The pharmacy's home page (GET /pharmacy/queue): what is late first — deliveries past their
// promised day, patients' messages past the response target — then the prescriptions expected
// here, each with the engine's verdict in plain words. Opening one goes to the counter for that
// prescription (/prescriptions/{id}) without asking for the identifier or the birth date: the
// prescription names this pharmacy.
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { ExpectedPrescription, PharmacyQueue } from '../../apiTypes';
import { Await, HeadingWithRefresh, useLoad } from '../../components/status';
import { formatDate } from '../../dates';
import { prescriptionTerms } from './labels';
import { verdictWords, WaitsFor } from './verdict';
import './pharmacist.css';

function ExpectedRow({ row }: { row: ExpectedPrescription }) {
  const words = verdictWords(row.verdict);
  return (
    <li className="card expected-card">
      <h3>
        <Link to={`/prescriptions/${row.prescriptionId}`}>{row.patient.name}</Link>
      </h3>
      <p className="hint">
        <span className="mono">{row.patient.programId}</span> · prescription of {formatDate(row.prescription.writtenOn)}: {prescriptionTerms(row.prescription)}
      </p>
      <p>
        <span className={`badge ${words.badge}`}>{words.text}</span>
      </p>
      {row.verdict.kind === 'waiting' || row.verdict.kind === 'heldElsewhere' ? <WaitsFor verdict={row.verdict} /> : null}
    </li>
  );
}

export function PharmacyQueuePage() {
  const loaded = useLoad(() => api.get<PharmacyQueue>('/pharmacy/queue'), []);
  return (
    <section className="pharmacy">
      <HeadingWithRefresh title="Queue" loaded={loaded} />
      <p className="hint lead">What is late first, then the prescriptions that name this pharmacy, ready ones first.</p>
      <Await loaded={loaded} what="the queue">
        {({ asOf, overdueDeliveries, supportPastTarget, expected, truncated }) => (
          <>
            {overdueDeliveries.length === 0 && supportPastTarget.length === 0 ? null : (
              <div className="card overdue-card">
                <h2>Late</h2>
                <ul className="plain-list">
                  {overdueDeliveries.map((order) => (
                    <li key={order.id}>
                      <Link to={`/orders/${order.id}`}>
                        Delivery overdue: {order.patient.name}, order of {formatDate(order.placedOn)}
                      </Link>
                      {order.deliveryDueBy === null ? null : <span className="hint"> (promised by {formatDate(order.deliveryDueBy)})</span>}
                    </li>
                  ))}
                  {supportPastTarget.map((thread) => (
                    <li key={thread.orderId}>
                      <Link to={`/support/${thread.orderId}`}>
                        Message past the answer target: {thread.patient.name}, order of {formatDate(thread.placedOn)}
                      </Link>
                      {thread.hoursWaited === null ? null : <span className="hint"> (waiting {Math.floor(thread.hoursWaited)} hours)</span>}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <h2 className="section-title">Prescriptions expected here</h2>
            {expected.length === 0 ? (
              <p className="notice">
                No prescription names this pharmacy yet. Prescriptions written for patients who use this pharmacy appear here, with what each waits for.
              </p>
            ) : (
              <>
                <p role="status">
                  {expected.length} prescription{expected.length === 1 ? '' : 's'} as of {formatDate(asOf)}
                  {truncated ? ' (the most recent ones; find older ones by identifier and birth date)' : ''}.
                </p>
                <ul className="plain-list">
                  {expected.map((row) => (
                    <ExpectedRow key={row.prescriptionId} row={row} />
                  ))}
                </ul>
              </>
            )}
            <p className="hint">
              A patient whose prescription does not name this pharmacy: <Link to="/find">find her by program identifier and date of birth</Link>.
            </p>
          </>
        )}
      </Await>
    </section>
  );
}
