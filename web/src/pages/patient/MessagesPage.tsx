// The patient's support threads (GET /patients/{id}/messages): one per order they wrote about, the
// latest message first, each opening its thread (/orders/{orderId}/messages).
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { PatientSupportThreads } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { formatMoment } from '../../dates';
import { useWords } from '../../i18n/I18n';
import { useClinicTimeZone, useMe } from '../../session';
import { NotLinked } from './NotLinked';
import './patient.css';

export function MessagesPage() {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const { t, date, locale } = useWords();
  const patientId = me.patientId;
  const loaded = useLoad(
    () => (patientId === null ? Promise.resolve({ threads: [] }) : api.get<PatientSupportThreads>(`/patients/${patientId}/messages`)),
    [patientId],
  );
  if (patientId === null) {
    return <NotLinked title={t('messages.title')} />;
  }
  return (
    <section className="patient-page">
      <h1>{t('messages.title')}</h1>
      <p className="lead">{t('messages.lead')}</p>
      <Await loaded={loaded} what={t('messages.loading')}>
        {({ threads }) =>
          threads.length === 0 ? (
            <p className="notice">{t('messages.none')}</p>
          ) : (
            <ul className="plain-list support-threads">
              {threads.map((thread) => (
                <li key={thread.orderId} className="card">
                  <h2 className="support-thread-title">
                    <Link to={`/orders/${thread.orderId}/messages`}>{t('messages.orderOf', { date: date(thread.placedOn) })}</Link>
                  </h2>
                  <p>
                    {t('messages.summary', {
                      pharmacy: thread.pharmacy.name,
                      count: thread.messageCount,
                      moment: formatMoment(thread.lastMessageAt, timeZone, locale),
                    })}
                  </p>
                  <p>
                    {thread.waitingForPharmacy ? (
                      <span className="badge badge-warning">{t('messages.waiting')}</span>
                    ) : thread.lastFrom === 'pharmacy' ? (
                      <span className="badge badge-ok">{t('messages.answered')}</span>
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
