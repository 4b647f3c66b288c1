// The support thread of one of the patient's orders (GET/POST /patients/{id}/orders/{orderId}/messages):
// the messages oldest first, in the clinic's time zone, whether the pharmacy still has to answer
// and by when it aims to, and a form to write to the pharmacy.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api';
import type { SupportThread } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { orderStateWords } from './orderWording';
import { SupportMessages, SupportReplyForm } from '../../components/SupportThread';
import { formatMoment } from '../../dates';
import { useWords } from '../../i18n/I18n';
import { useClinicTimeZone, useMe } from '../../session';
import { NotLinked } from './NotLinked';
import './patient.css';

export function OrderMessagesPage() {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const { t, rich, date, locale } = useWords();
  const { orderId = '' } = useParams();
  const patientId = me.patientId;
  const path = `/patients/${patientId ?? ''}/orders/${orderId}/messages`;
  const loaded = useLoad(() => (patientId === null ? Promise.resolve(null) : api.get<SupportThread>(path)), [path]);
  const [sent, setSent] = useState<SupportThread | null>(null);
  if (patientId === null) {
    return <NotLinked title={t('orderMessages.pageTitle')} />;
  }
  return (
    <section className="patient-page">
      <p>
        <Link to="/messages">{t('orderMessages.allMessages')}</Link>
      </p>
      <h1>{t('orderMessages.title')}</h1>
      <Await loaded={loaded} what={t('orderMessages.loading')}>
        {(loadedThread) => {
          const thread = sent ?? loadedThread;
          if (thread === null) {
            return null;
          }
          return (
            <>
              <p className="lead">
                {t('orderMessages.lead', {
                  date: date(thread.order.placedOn),
                  pharmacy: thread.order.pharmacy.name,
                  state: orderStateWords(thread.order.state, t).title.toLocaleLowerCase(locale),
                  timeZone: timeZone.replace(/_/g, ' '),
                })}
              </p>
              {thread.state.waitingForPharmacy && thread.state.dueAt !== null ? (
                <p className="notice" role="status">
                  {t('orderMessages.waiting', { hours: thread.responseHours, moment: formatMoment(thread.state.dueAt, timeZone, locale) })}
                </p>
              ) : null}
              <SupportMessages thread={thread} viewer="patient" timeZone={timeZone} />
              <h2>{t('orderMessages.write')}</h2>
              <p className="hint">{rich('orderMessages.hint', { tel911: (chunks) => <a href="tel:911">{chunks}</a> })}</p>
              <SupportReplyForm postPath={path} label={t('orderMessages.label')} submitText={t('orderMessages.send')} onSent={setSent} />
            </>
          );
        }}
      </Await>
    </section>
  );
}
