// The patient's home page: what to do before the next fill and by when, in plain words, and what
// is already done. Read from the program status (GET /patients/{id}/status: its blockers are the
// list, its schedule gives each a date or a date range and says when she is without capsules), the
// patient's record (her program identifier, dates of what is done), her part of the month (GET
// …/monthly-check: whether her methods can be confirmed here), her orders (one on its way) and the
// clinical picture (blood tests and the mood check, which do not hold up a fill: listed apart).
import { PharmacyChoice } from '../../components/PharmacyChoice';
import { Link } from 'react-router-dom';
import { api, type Reason } from '../../api';
import type {
  ClinicalReviewForPatient,
  InboxMessage,
  MonthlyCheck,
  OrderView,
  PatientOrders,
  PatientRecord,
  PatientStatus,
  ProgramStatus,
} from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { addDays, daysBetween, formatDate } from '../../dates';
import { useMe } from '../../session';
import { MOOD_CHECK_EVERY_DAYS } from './MoodPage';
import { groupedProgramId } from './programId';
import { methodsInWords } from './methodNames';
import { analyteName, forPatient, hasPatientWording, patientStep, WHO, type PatientStep } from './wording';
import { NotLinked } from './NotLinked';
import { OPEN_STATES, ORDER_STATE_WORDS, orderablePrescription } from './orderWording';
import './patient.css';

interface Item {
  key: string;
  step: PatientStep;
  by?: string | null;
  notBefore?: string | null;
  /** A recommended step rather than one the program requires. */
  optional?: boolean;
  /** Due in the window this month's pregnancy test opens: `by` is the latest such day. */
  inTestWindow?: boolean;
}

interface Done {
  key: string;
  text: string;
  on: string | null;
}

const TEST_CODES = [
  'SCREENING_TEST_PENDING',
  'CONFIRMATION_TEST_PENDING',
  'MONTHLY_TEST_PENDING',
  'TEST_OUTSIDE_WINDOW',
  'WINDOW_CLOSED',
  'FIRST_WINDOW_LOCKOUT',
  'CONFIRMATION_TOO_EARLY',
  'CONTRACEPTION_TOO_RECENT',
  'PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING',
  'CLIA_REQUIRED',
  'HOME_TEST_NOT_PERMITTED',
  'HOME_TEST_EVIDENCE_MISSING',
  'HOME_TEST_NOT_ATTESTED',
  'TEST_SENSITIVITY_TOO_LOW',
  'TEST_RESULT_INVALID',
  'NOT_A_QUALIFYING_TEST',
];
const PREPARING = [
  'ENROLLED',
  'AWAITING_CONFIRMATION',
  'QUALIFIED_WINDOW_OPEN',
  'AUTHORIZED',
  'ON_TREATMENT',
  'AWAITING_MONTHLY_QUALIFICATION',
  'WINDOW_MISSED',
  'WINDOW_MISSED_FIRST',
];

function latest<T>(items: readonly T[], date: (item: T) => string): string | null {
  return items.map(date).sort().at(-1) ?? null;
}

function uniqueByCode(reasons: readonly Reason[]): Reason[] {
  return reasons.filter((reason, index) => reasons.findIndex((other) => other.code === reason.code) === index);
}

/** Each thing still to do, most pressing first: what the fill waits for, and apart what it does not wait for. */
function itemsToDo(status: PatientStatus, clinical: ClinicalReviewForPatient | null, check: MonthlyCheck | null): { needed: Item[]; apart: Item[] } {
  const needed: Item[] = [];
  const apart: Item[] = [];
  // The hold and the end of the course are said by the card above the list; they are not steps.
  const stated = new Set(['PREGNANCY_HOLD', 'COURSE_ENDED']);
  const blockers = uniqueByCode(forPatient(status.blockers)).filter((candidate) => !stated.has(candidate.code));
  const codes = new Set(blockers.map((blocker) => blocker.code));
  const confirmable = check?.contraception.sameAsLastMonth?.allowed === true && check.contraception.last !== null;
  const methods = check?.contraception.last === null || check === null ? null : methodsInWords(check.contraception.last);
  for (const reason of blockers) {
    const dates = status.schedule.steps.find((step) => step.code === reason.code);
    let step = patientStep(reason);
    // Her confirmation is asked with the questions (R-CMP-1) even when the care team already declared the methods.
    if (reason.code === 'COMPREHENSION_PENDING' && (codes.has('CONTRACEPTION_PENDING') || check?.contraception.due === true) && confirmable) {
      // Both are hers and done on one page in one go: one item.
      step = {
        title: "Answer this month's questions and confirm your birth control",
        todo: `A few short questions about the program, then one tick to confirm you still use ${methods ?? 'your two methods'}. About five minutes.`,
        who: 'you',
        link: { to: '/questions', text: "Answer this month's questions" },
      };
    } else if (reason.code === 'CONTRACEPTION_PENDING') {
      if (codes.has('COMPREHENSION_PENDING') && confirmable) {
        continue;
      }
      step = confirmable
        ? {
            title: 'Confirm your two birth-control methods for this month',
            todo: `One tick to confirm you still use ${methods ?? 'your two methods'}. If anything changed, call your care team instead.`,
            who: 'you',
            link: { to: '/questions', text: 'Confirm your birth control' },
          }
        : {
            title: 'Your birth control needs your care team this month',
            todo: 'Call your care team: they record the two methods you use (at least one from the main list) with you, or your commitment not to have sex at all.',
            who: 'you',
          };
    }
    needed.push({
      key: reason.code,
      step,
      by: dates?.by ?? null,
      notBefore: dates?.from ?? null,
      inTestWindow: dates?.inTestWindow ?? false,
    });
  }
  const end = status.endOfCourse;
  if (end !== null) {
    if (end.endOfTreatmentTestDue !== null && !end.endOfTreatmentTestDone) {
      needed.push({
        key: 'endOfTreatmentTest',
        step: { title: 'Pregnancy test at the end of treatment', todo: 'Have a pregnancy test now that your course has ended.', who: 'you' },
        by: end.endOfTreatmentTestDue,
      });
    }
    if (end.postTreatmentTestDue !== null && !end.postTreatmentTestDone) {
      needed.push({
        key: 'postTreatmentTest',
        step: {
          title: 'Pregnancy test one month after your last capsule',
          todo: 'Have one more pregnancy test one month after your last capsule.',
          who: 'you',
        },
        notBefore: end.postTreatmentTestDue,
      });
    }
  }
  if (clinical !== null && clinical.nextLab.dueOn !== null && status.endOfCourse === null && status.state !== 'PREGNANCY_HOLD') {
    const lipids = clinical.nextLab.analytes.some((analyte) => ['triglycerides', 'totalCholesterol', 'ldl', 'hdl'].includes(analyte));
    apart.push({
      key: 'lab',
      step: {
        title: clinical.nextLab.overdue ? 'Your blood test is overdue' : 'Blood test',
        todo: `Have your blood taken for: ${clinical.nextLab.analytes.map(analyteName).join(', ')}.${lipids ? ' For blood fats, do not eat and do not drink alcohol for 36 hours before (water is fine).' : ''}`,
        who: 'you',
      },
      by: clinical.nextLab.dueOn,
    });
  }
  if (clinical !== null && PREPARING.includes(status.state)) {
    const last = clinical.latestMood?.answeredOn ?? null;
    if (last === null || daysBetween(last, status.asOf) >= MOOD_CHECK_EVERY_DAYS) {
      apart.push({
        key: 'mood',
        step: {
          title: 'Your monthly mood check',
          todo: 'Nine short questions about how you have felt over the last two weeks. Your care team sees the answers.',
          who: 'you',
          link: { to: '/mood', text: 'Do the mood check' },
        },
        // Due a month after the last one, or now when there is none.
        by: last === null ? status.asOf : addDays(last, MOOD_CHECK_EVERY_DAYS),
        optional: true,
      });
    }
  }
  const urgentFirst = (item: Item) => (item.step.urgent === true ? 0 : item.optional === true ? 2 : 1);
  const order = (a: Item, b: Item) => urgentFirst(a) - urgentFirst(b) || (a.by ?? '9999').localeCompare(b.by ?? '9999');
  return { needed: needed.sort(order), apart: apart.sort(order) };
}

/** What is already done for this fill (from the record), when the program is at that stage. */
function itemsDone(record: PatientRecord, status: ProgramStatus): Done[] {
  if (!PREPARING.includes(status.state) || status.category === null) {
    return [];
  }
  const blocked = new Set(status.blockers.map((reason) => reason.code));
  const { facts } = record;
  const done: Done[] = [];
  if (status.category === 'PCGP') {
    if (!TEST_CODES.some((code) => blocked.has(code))) {
      const test = facts.pregnancyTests.filter((candidate) => candidate.result === 'negative' && candidate.specimenDate <= status.asOf);
      done.push({ key: 'test', text: 'Pregnancy test: negative', on: status.window?.opensOn ?? latest(test, (candidate) => candidate.specimenDate) });
    }
    if (!blocked.has('CONTRACEPTION_PENDING')) {
      done.push({ key: 'contraception', text: 'Birth control confirmed', on: latest(facts.contraception, (declaration) => declaration.declaredOn) });
    }
  }
  if (!blocked.has('COUNSELING_PENDING')) {
    done.push({ key: 'counseling', text: 'Visit and counseling with your prescriber', on: latest(facts.counselings, (counseling) => counseling.counseledOn) });
  }
  if (status.category === 'PCGP' && !blocked.has('COMPREHENSION_PENDING')) {
    done.push({
      key: 'comprehension',
      text: "This month's questions passed",
      on: latest(
        facts.comprehensionChecks.filter((check) => check.passed),
        (check) => check.answeredOn,
      ),
    });
  }
  if (!blocked.has('PRESCRIPTION_PENDING')) {
    const prescription = latest(facts.prescriptions, (candidate) => candidate.writtenOn);
    if (prescription !== null) {
      done.push({ key: 'prescription', text: 'Prescription written', on: prescription });
    }
  }
  if (status.activeAuthorization !== null) {
    done.push({ key: 'authorized', text: 'Your pharmacy has the authorization to fill it', on: status.activeAuthorization.requestedOn });
  }
  return done;
}

function relative(asOf: string, date: string): string {
  const days = daysBetween(asOf, date);
  return days === 0 ? ' (today)' : days === 1 ? ' (tomorrow)' : days < 0 ? ' (overdue)' : ` (in ${days} days)`;
}

/** Every step says when: a range, a first day, a last day, or from today. */
function WhenText({ item, asOf, windowDays }: { item: Item; asOf: string; windowDays: number }) {
  const from = item.notBefore !== undefined && item.notBefore !== null && item.notBefore > asOf ? item.notBefore : null;
  const by = item.by ?? null;
  let text: string;
  if (from !== null && by !== null) {
    text = `Between ${formatDate(from)} and ${formatDate(by)}`;
  } else if (from !== null) {
    text = `On or after ${formatDate(from)}`;
  } else if (by !== null && item.inTestWindow === true) {
    text = `Within the ${windowDays} days your pregnancy test opens — by ${formatDate(by)} at the latest`;
  } else if (by !== null) {
    text = `By ${formatDate(by)}${relative(asOf, by)}`;
  } else {
    text = `From today, ${formatDate(asOf)}`;
  }
  return <span className={`when${by !== null && by < asOf ? ' when-late' : ''}`}>{text}</span>;
}

/** The capsules: she is told plainly when she has none, and whether an order is on its way. */
function Capsules({ status, onTheWay }: { status: PatientStatus; onTheWay: OrderView | null }) {
  const { capsules } = status.schedule;
  if (capsules.withoutSince === null || status.state === 'PREGNANCY_HOLD') {
    return null;
  }
  return (
    <div className="notice capsules-out" role="status">
      <p className="check-title">You have no capsules left since {formatDate(capsules.withoutSince)}</p>
      <p>
        Your last supply ran out on {formatDate(capsules.lastDay ?? capsules.withoutSince)}.{' '}
        {onTheWay !== null
          ? onTheWay.deliveryOverdue
            ? 'Your order is late (see below).'
            : 'Your order is on its way (see below).'
          : status.activeAuthorization !== null
            ? 'Your capsules are ready at the pharmacy: pick them up.'
            : 'Your next fill needs the steps below; do yours as soon as you can, and call your care team if you need help.'}
      </p>
    </div>
  );
}

function OrderOnItsWay({ order }: { order: OrderView }) {
  return (
    <div className="card order-on-way">
      <h2>{order.deliveryOverdue ? 'Your order is late' : 'Your order is on its way'}</h2>
      <p>
        {ORDER_STATE_WORDS[order.state].title}: {ORDER_STATE_WORDS[order.state].text}
        {order.shipment !== null ? ` Shipped on ${formatDate(order.shipment.shippedOn)} by ${order.shipment.carrier}.` : ''}
        {order.deliveryDueBy !== null ? ` Expected by ${formatDate(order.deliveryDueBy)}.` : ''}
        {order.deliveryOverdue ? ' If it has not arrived, write to the pharmacy from the order’s page: they check with the carrier.' : ''}
      </p>
      <p>
        <Link to={`/orders/${order.id}`}>Follow your order from {order.pharmacy.name}</Link>
      </p>
    </div>
  );
}

function NextFill({ status }: { status: PatientStatus }) {
  const { window, activeAuthorization, asOf } = status;
  if (status.state === 'PREGNANCY_HOLD') {
    return (
      <div className="urgent-box" role="alert">
        <h2>Stop taking isotretinoin</h2>
        <p>
          A pregnancy test was positive or a pregnancy was reported. Do not take any more capsules. Your prescriber will contact you to talk about what happens
          next; call them today if you have not heard from them.
        </p>
      </div>
    );
  }
  if (status.endOfCourse !== null) {
    const end = status.endOfCourse;
    return (
      <div className="card next-fill">
        <h2>Your course has ended</h2>
        <p>Your last capsule was on {formatDate(end.lastDoseOn)}.</p>
        <ul className="after-course">
          {end.contraceptionUntil === null ? null : <li>Keep using your two birth-control methods until {formatDate(end.contraceptionUntil)}.</li>}
          <li>{end.bloodDonationAllowedFrom > asOf ? `Do not give blood until ${formatDate(end.bloodDonationAllowedFrom)}.` : 'You may give blood again.'}</li>
          <li>
            {end.cosmeticProceduresAllowedFrom > asOf
              ? `No waxing, dermabrasion or laser skin treatments until ${formatDate(end.cosmeticProceduresAllowedFrom)}.`
              : 'Waxing and laser skin treatments are no longer a concern from the course.'}
          </li>
        </ul>
      </div>
    );
  }
  if (activeAuthorization !== null) {
    return (
      <div className="card next-fill ready">
        <h2>Your capsules are ready to pick up</h2>
        <p className="big-date">
          Pick them up by <strong>{formatDate(activeAuthorization.doNotDispenseAfter)}</strong>
        </p>
        <p>After that date the pharmacy is not allowed to give them to you, and you would have to qualify again.</p>
      </div>
    );
  }
  if (window !== null && window.lastDay >= asOf) {
    // Green only when the one function for a patient's state says so (domain/stateWords.ts): the
    // same tone the care team's and the pharmacy's badges show.
    const ready = status.summary.tone === 'ready';
    return (
      <div className={`card next-fill${ready ? ' ready' : ''}`}>
        <h2>{ready ? 'You can pick up your capsules now' : 'Your window to pick up your capsules is open'}</h2>
        <p className="big-date">
          Last day: <strong>{formatDate(window.lastDay)}</strong> (
          {daysBetween(asOf, window.lastDay) === 0 ? 'today' : `${daysBetween(asOf, window.lastDay)} days left`})
        </p>
        <p>
          {ready
            ? 'Go to your pharmacy with your program identifier. The pharmacy checks with the program before it hands the capsules over.'
            : 'Everything in the list below must be done before the pharmacy can fill your prescription.'}
        </p>
      </div>
    );
  }
  return (
    <div className="card next-fill">
      <h2>{status.dispenseCount === 0 ? 'Before your first fill' : 'Before your next fill'}</h2>
      {status.supplyEndsOn !== null && status.supplyEndsOn >= asOf ? <p>Your current capsules last until {formatDate(status.supplyEndsOn)}.</p> : null}
      <p>
        {status.blockers.length === 0
          ? 'Nothing is waiting on you right now.'
          : status.category !== 'PCGP'
            ? 'The list below is what is needed before your pharmacy can fill your next prescription.'
            : status.dispenseCount === 0
              ? 'The list below is what is needed. Your second pregnancy test (the confirmation test) opens a 7-day window to pick up your first capsules.'
              : 'The list below is what is needed. Your monthly pregnancy test opens a 7-day window to pick up your capsules.'}
      </p>
    </div>
  );
}

function Checklist({ items, asOf, windowDays }: { items: Item[]; asOf: string; windowDays: number }) {
  return (
    <ol className="checklist">
      {items.map((item) => (
        <li key={item.key} className={`check-item${item.step.urgent === true ? ' check-urgent' : ''}`}>
          <span className="check-box" aria-hidden="true" />
          <div>
            <p className="check-title">{item.step.title}</p>
            <p className="check-todo">{item.step.todo}</p>
            <p className="check-meta">
              <span className={`doer doer-${item.step.who}`}>{WHO[item.step.who]}</span>
              <WhenText item={item} asOf={asOf} windowDays={windowDays} />
              {item.optional === true ? <span className="doer">Recommended</span> : null}
            </p>
            {item.step.link === undefined ? null : (
              <Link className="button primary-link" to={item.step.link.to}>
                {item.step.link.text}
              </Link>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

export function ToDoPage() {
  const me = useMe();
  const patientId = me.patientId;
  // Read on every visit (no cache): what she has just done leaves the list at once.
  const loaded = useLoad(async () => {
    if (patientId === null) {
      throw new Error('no patient record');
    }
    const [status, record, clinical, inbox, orders, check] = await Promise.all([
      api.get<PatientStatus>(`/patients/${patientId}/status`),
      api.get<PatientRecord>(`/patients/${patientId}`),
      api.get<ClinicalReviewForPatient>(`/patients/${patientId}/clinical`).catch(() => null),
      api.get<InboxMessage[]>('/inbox').catch(() => [] as InboxMessage[]),
      api.get<PatientOrders>(`/patients/${patientId}/orders`).catch(() => null),
      api.get<MonthlyCheck>(`/patients/${patientId}/monthly-check`).catch(() => null),
    ]);
    // A prescription the patient can order for delivery now (none when the orders could not be read).
    const orderable = orders === null ? null : orderablePrescription(record, status, orders.orders);
    // An order past its authorization and not yet delivered: her capsules are coming.
    const onTheWay = orders?.orders.find((order) => OPEN_STATES.includes(order.state) && order.state !== 'awaitingAuthorization') ?? null;
    return {
      status,
      record,
      clinical,
      check,
      onTheWay,
      unread: inbox.filter((message) => !message.read && !message.done).length,
      canOrder: orderable?.ready === true,
    };
  }, [patientId]);

  if (patientId === null) {
    return <NotLinked title="To do" />;
  }

  return (
    <section className="patient-page">
      <h1>To do</h1>
      <Await loaded={loaded} what="your to-do list">
        {({ status, record, clinical, check, onTheWay, unread, canOrder }) => {
          const { needed, apart } = itemsToDo(status, clinical, check);
          const done = itemsDone(record, status);
          const warnings = forPatient(status.warnings).filter((warning) => hasPatientWording(warning.code));
          return (
            <>
              <p className="as-of">As of {formatDate(status.asOf)}</p>
              <p className="program-id-line">
                Your program identifier: <span className="program-id">{groupedProgramId(record.patient.programId)}</span>{' '}
                <Link to="/wallet-card">Show your wallet card</Link>
              </p>
              <Capsules status={status} onTheWay={onTheWay} />
              <PharmacyChoice patientId={patientId} who="patient" />
              <NextFill status={status} />
              {onTheWay === null ? null : <OrderOnItsWay order={onTheWay} />}
              {canOrder ? (
                <p className="notice order-fill">
                  Your prescription can be sent to you by a pharmacy of the program. <Link to="/orders/new">Order your fill</Link>
                </p>
              ) : null}
              {unread === 0 ? null : (
                <p className="notice">
                  You have {unread} unread reminder{unread === 1 ? '' : 's'}. <Link to="/inbox">Read {unread === 1 ? 'it' : 'them'}</Link>
                </p>
              )}

              <h2>Still to do for your next fill</h2>
              {needed.length === 0 ? (
                <p className="success">Nothing left to do for your next fill right now.</p>
              ) : (
                <Checklist items={needed} asOf={status.asOf} windowDays={status.schedule.testWindowDays} />
              )}
              {needed.some((item) => item.step.who !== 'you') ? (
                <p className="hint">
                  Items marked “{WHO.careTeam}” or “{WHO.pharmacy}” are done by them, though you may need to book a visit or go in.
                </p>
              ) : null}

              {apart.length === 0 ? null : (
                <>
                  <h2>Also to do (does not hold up your fill)</h2>
                  <Checklist items={apart} asOf={status.asOf} windowDays={status.schedule.testWindowDays} />
                </>
              )}
              <p className="hint">
                Side effects or something worrying? <Link to="/symptoms">Tell your care team about a symptom</Link> at any time.
              </p>

              {warnings.length === 0 ? null : (
                <>
                  <h2>Good to know</h2>
                  <ul className="checklist">
                    {warnings.map((warning) => (
                      <li key={warning.code} className="check-item check-warning">
                        <span className="check-box" aria-hidden="true" />
                        <div>
                          <p className="check-title">{patientStep(warning).title}</p>
                          <p className="check-todo">{patientStep(warning).todo}</p>
                        </div>
                      </li>
                    ))}
                  </ul>
                </>
              )}

              {done.length === 0 ? null : (
                <>
                  <h2>Already done</h2>
                  <ul className="checklist">
                    {done.map((item) => (
                      <li key={item.key} className="check-item check-done">
                        <span className="check-box" aria-hidden="true">
                          ✓
                        </span>
                        <div>
                          <p className="check-title">
                            <span className="visually-hidden">Done: </span>
                            {item.text}
                          </p>
                          {item.on === null ? null : <p className="check-meta">{formatDate(item.on)}</p>}
                        </div>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          );
        }}
      </Await>
    </section>
  );
}
