// The patient's support threads (GET /patients/{id}/messages): one per order they wrote about, the
// latest message first, each opening its thread (/orders/{orderId}/messages).
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { PatientSupportThreads } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { formatDate, formatMoment } from '../../dates';
import { useClinicTimeZone, useMe } from '../../session';
import { NotLinked } from './NotLinked';
import './patient.css';

export function MessagesPage() {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const patientId = me.patientId;
  const loaded = useLoad(
    () => (patientId === null ? Promise.resolve({ threads: [] }) : api.get<PatientSupportThreads>(`/patients/${patientId}/messages`)),
    [patientId],
  );
  if (patientId === null) {
    return <NotLinked title="Messages" />;
  }
  return (
    <section className="patient-page">
      <h1>Messages</h1>
      <p className="lead">Your messages with the pharmacy about your orders, the latest first.</p>
      <Await loaded={loaded} what="your messages">
        {({ threads }) =>
          threads.length === 0 ? (
            <p className="notice">No messages yet. To ask the pharmacy about an order, open the order and write to the pharmacy from there.</p>
          ) : (
            <ul className="plain-list support-threads">
              {threads.map((thread) => (
                <li key={thread.orderId} className="card">
                  <h2 className="support-thread-title">
                    <Link to={`/orders/${thread.orderId}/messages`}>Order of {formatDate(thread.placedOn)}</Link>
                  </h2>
                  <p>
                    With {thread.pharmacy.name} · {thread.messageCount} message{thread.messageCount === 1 ? '' : 's'} · last{' '}
                    {formatMoment(thread.lastMessageAt, timeZone)}
                  </p>
                  <p>
                    {thread.waitingForPharmacy ? (
                      <span className="badge badge-warning">Waiting for the pharmacy</span>
                    ) : thread.lastFrom === 'pharmacy' ? (
                      <span className="badge badge-ok">The pharmacy answered</span>
                    ) : null}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Await>
    </section>
  );
}
