// The support thread of one of the patient's orders (GET/POST /patients/{id}/orders/{orderId}/messages):
// the messages oldest first, in the clinic's time zone, whether the pharmacy still has to answer
// and by when it aims to, and a form to write to the pharmacy.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api';
import type { SupportThread } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { ORDER_STATE_WORDS } from './orderWording';
import { SupportMessages, SupportReplyForm } from '../../components/SupportThread';
import { formatDate, formatMoment } from '../../dates';
import { useClinicTimeZone, useMe } from '../../session';
import { NotLinked } from './NotLinked';
import './patient.css';

export function OrderMessagesPage() {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const { orderId = '' } = useParams();
  const patientId = me.patientId;
  const path = `/patients/${patientId ?? ''}/orders/${orderId}/messages`;
  const loaded = useLoad(() => (patientId === null ? Promise.resolve(null) : api.get<SupportThread>(path)), [path]);
  const [sent, setSent] = useState<SupportThread | null>(null);
  if (patientId === null) {
    return <NotLinked title="Messages" />;
  }
  return (
    <section className="patient-page">
      <p>
        <Link to="/messages">All my messages</Link>
      </p>
      <h1>Messages about your order</h1>
      <Await loaded={loaded} what="the messages">
        {(loadedThread) => {
          const thread = sent ?? loadedThread;
          if (thread === null) {
            return null;
          }
          return (
            <>
              <p className="lead">
                Your order of {formatDate(thread.order.placedOn)}, with {thread.order.pharmacy.name}. Your order:{' '}
                {ORDER_STATE_WORDS[thread.order.state].title.toLowerCase()}. Times are shown in your clinic&apos;s time zone ({timeZone.replace(/_/g, ' ')}).
              </p>
              {thread.state.waitingForPharmacy && thread.state.dueAt !== null ? (
                <p className="notice" role="status">
                  Waiting for the pharmacy&apos;s answer. The pharmacy aims to answer within {thread.responseHours} hours, by{' '}
                  {formatMoment(thread.state.dueAt, timeZone)}.
                </p>
              ) : null}
              <SupportMessages thread={thread} viewer="patient" timeZone={timeZone} />
              <h2>Write to the pharmacy</h2>
              <p className="hint">
                For questions about this order: delivery, payment, the package. For questions about your treatment or side effects, contact your care team; in
                an emergency call <a href="tel:911">911</a>.
              </p>
              <SupportReplyForm postPath={path} label="Your message" submitText="Send message" onSent={setSent} />
            </>
          );
        }}
      </Await>
    </section>
  );
}
