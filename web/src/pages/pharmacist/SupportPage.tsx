// The pharmacy's support queue (GET /pharmacy/support): patients' messages about its orders waiting
// for an answer, the longest wait first, each with the time waited in plain words against the
// response target (over it said in words, not only by colour); below, the threads answered in the
// last days. Opening one (/support/{orderId}) shows the thread and a form to answer it.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api';
import type { QueuedSupportThread, SupportQueue, SupportThread } from '../../apiTypes';
import { Await, useLoad, HeadingWithRefresh } from '../../components/status';
import { PHARMACY_ORDER_STATES } from './orderSteps';
import { SupportMessages, SupportReplyForm, waitedWords } from '../../components/SupportThread';
import { formatDate, formatMoment } from '../../dates';
import { useClinicTimeZone } from '../../session';
import './pharmacist.css';

function WaitCell({ row, responseHours, timeZone }: { row: QueuedSupportThread; responseHours: number; timeZone: string }) {
  if (row.hoursWaited === null || row.dueAt === null) {
    return <>Answered {row.lastAnsweredAt === null ? '' : formatMoment(row.lastAnsweredAt, timeZone)}</>;
  }
  return (
    <>
      <strong>Waiting {waitedWords(row.hoursWaited)}</strong>
      <br />
      {row.overTarget ? (
        <span className="badge badge-urgent">
          Over the {responseHours}-hour target (was due {formatMoment(row.dueAt, timeZone)})
        </span>
      ) : (
        <span className="badge badge-ok">Answer by {formatMoment(row.dueAt, timeZone)}</span>
      )}
    </>
  );
}

function QueueTable({ rows, caption, responseHours, timeZone }: { rows: QueuedSupportThread[]; caption: string; responseHours: number; timeZone: string }) {
  return (
    <div className="table-scroll">
      <table className="queue-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Wait</th>
            <th scope="col">Patient</th>
            <th scope="col">Order</th>
            <th scope="col">
              <span className="visually-hidden">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.orderId} className={row.overTarget ? 'overdue-row' : undefined}>
              <td data-label="Wait">
                <WaitCell row={row} responseHours={responseHours} timeZone={timeZone} />
              </td>
              <td data-label="Patient">
                {row.patient.name}
                <br />
                <span className="mono">{row.patient.programId}</span>
              </td>
              <td data-label="Order">
                Placed {formatDate(row.placedOn)}
                <br />
                <span className="hint">
                  {PHARMACY_ORDER_STATES[row.orderState]} · {row.messageCount} message{row.messageCount === 1 ? '' : 's'}
                </span>
              </td>
              <td data-label="">
                <Link
                  className="button"
                  to={`/support/${row.orderId}`}
                  aria-label={`${row.hoursWaited === null ? 'Open' : 'Answer'}: ${row.patient.name}, order of ${formatDate(row.placedOn)}`}
                >
                  {row.hoursWaited === null ? 'Open…' : 'Answer…'}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SupportPage() {
  const timeZone = useClinicTimeZone();
  const loaded = useLoad(() => api.get<SupportQueue>('/pharmacy/support'), []);
  return (
    <section className="pharmacy">
      <HeadingWithRefresh title="Support messages" loaded={loaded} />
      <Await loaded={loaded} what="the support messages">
        {({ responseHours, waiting, recentlyAnswered }) => {
          const over = waiting.filter((row) => row.overTarget).length;
          return (
            <>
              <p className="hint lead">
                Patients&apos; messages about orders placed with this pharmacy. Answer within {responseHours} hours; the longest wait is first. Times in{' '}
                {timeZone.replace(/_/g, ' ')}.
              </p>
              <h2 className="section-title">Waiting for an answer</h2>
              {waiting.length === 0 ? (
                <p className="notice">No message is waiting for an answer.</p>
              ) : (
                <>
                  <p role="status">
                    {waiting.length} waiting
                    {over === 0 ? (
                      '.'
                    ) : (
                      <strong>
                        , {over} over the {responseHours}-hour target.
                      </strong>
                    )}
                  </p>
                  <QueueTable
                    rows={waiting}
                    caption="Messages waiting for an answer, the longest wait first"
                    responseHours={responseHours}
                    timeZone={timeZone}
                  />
                </>
              )}
              <h2 className="section-title">Answered in the last 7 days</h2>
              {recentlyAnswered.length === 0 ? (
                <p className="notice">None.</p>
              ) : (
                <QueueTable
                  rows={recentlyAnswered}
                  caption="Threads answered in the last 7 days, the latest first"
                  responseHours={responseHours}
                  timeZone={timeZone}
                />
              )}
            </>
          );
        }}
      </Await>
    </section>
  );
}

export function SupportThreadPage() {
  const timeZone = useClinicTimeZone();
  const { orderId = '' } = useParams();
  const path = `/pharmacy/orders/${orderId}/messages`;
  const loaded = useLoad(() => api.get<SupportThread>(path), [path]);
  const [sent, setSent] = useState<SupportThread | null>(null);
  return (
    <section className="pharmacy">
      <p>
        <Link to="/support">All support messages</Link>
      </p>
      <h1>Messages about an order</h1>
      <Await loaded={loaded} what="the messages">
        {(loadedThread) => {
          const thread = sent ?? loadedThread;
          const state = thread.state;
          return (
            <>
              <p className="lead">
                The order placed {formatDate(thread.order.placedOn)}, now {PHARMACY_ORDER_STATES[thread.order.state].toLowerCase()}. Times in{' '}
                {timeZone.replace(/_/g, ' ')}.
              </p>
              {state.waitingForPharmacy && state.hoursWaited !== null && state.dueAt !== null ? (
                <p className={state.overTarget ? 'problem' : 'notice'} role="status">
                  <strong>Waiting {waitedWords(state.hoursWaited)}.</strong>{' '}
                  {state.overTarget
                    ? `Over the ${thread.responseHours}-hour target: it was due ${formatMoment(state.dueAt, timeZone)}.`
                    : `Answer by ${formatMoment(state.dueAt, timeZone)}.`}
                </p>
              ) : (
                <p className="notice">Nothing is waiting for an answer.</p>
              )}
              <SupportMessages thread={thread} viewer="pharmacy" timeZone={timeZone} />
              <h2 className="section-title">Answer</h2>
              <p className="hint">The patient is told in their reminders that the pharmacy answered; the notice does not contain your text.</p>
              <SupportReplyForm postPath={path} label="Your answer" submitText="Send answer" onSent={setSent} />
            </>
          );
        }}
      </Await>
    </section>
  );
}
