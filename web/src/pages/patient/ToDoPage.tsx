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
import { addDays, daysBetween } from '../../dates';
import { useWords, type Words } from '../../i18n/I18n';
import { useMe } from '../../session';
import { MOOD_CHECK_EVERY_DAYS } from './MoodPage';
import { groupedProgramId } from './programId';
import { methodsInWords } from './methodNames';
import { analyteName, forPatient, hasPatientWording, patientStep, whoWords, type PatientStep } from './wording';
import { NotLinked } from './NotLinked';
import { CONTRACEPTION_STEP_CODES, TEST_STEP_CODES } from './stepCodes';
import { OPEN_STATES, orderablePrescription, orderStateWords } from './orderWording';
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
function itemsToDo(
  status: PatientStatus,
  clinical: ClinicalReviewForPatient | null,
  check: MonthlyCheck | null,
  { t }: Words,
): { needed: Item[]; apart: Item[] } {
  const needed: Item[] = [];
  const apart: Item[] = [];
  // The hold and the end of the course are said by the card above the list; they are not steps.
  const stated = new Set(['PREGNANCY_HOLD', 'COURSE_ENDED']);
  const blockers = uniqueByCode(forPatient(status.blockers)).filter((candidate) => !stated.has(candidate.code));
  const codes = new Set(blockers.map((blocker) => blocker.code));
  const confirmable = check?.contraception.sameAsLastMonth?.allowed === true && check.contraception.last !== null;
  const methods = check?.contraception.last === null || check === null ? null : methodsInWords(check.contraception.last, t);
  for (const reason of blockers) {
    const dates = status.schedule.steps.find((step) => step.code === reason.code);
    let step = patientStep(reason, t);
    // Her confirmation is asked with the questions (R-CMP-1) even when the care team already declared the methods.
    if (reason.code === 'COMPREHENSION_PENDING' && (codes.has('CONTRACEPTION_PENDING') || check?.contraception.due === true) && confirmable) {
      // Both are hers and done on one page in one go: one item.
      step = {
        title: t('todo.bothTitle'),
        todo: t('todo.bothTodo', { methods: methods ?? t('todo.yourTwoMethods') }),
        who: 'you',
        link: { to: '/questions', text: t('todo.questionsLink') },
      };
    } else if (reason.code === 'CONTRACEPTION_PENDING') {
      if (codes.has('COMPREHENSION_PENDING') && confirmable) {
        continue;
      }
      step = confirmable
        ? {
            title: t('todo.confirmTitle'),
            todo: t('todo.confirmTodo', { methods: methods ?? t('todo.yourTwoMethods') }),
            who: 'you',
            link: { to: '/questions', text: t('todo.confirmLink') },
          }
        : {
            title: t('todo.careTeamMethodsTitle'),
            todo: t('todo.careTeamMethodsTodo'),
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
        step: { title: t('todo.endTestTitle'), todo: t('todo.endTestTodo'), who: 'you' },
        by: end.endOfTreatmentTestDue,
      });
    }
    if (end.postTreatmentTestDue !== null && !end.postTreatmentTestDone) {
      needed.push({
        key: 'postTreatmentTest',
        step: {
          title: t('todo.postTestTitle'),
          todo: t('todo.postTestTodo'),
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
        title: clinical.nextLab.overdue ? t('todo.labOverdue') : t('todo.lab'),
        todo: `${t('todo.labTodo', { analytes: clinical.nextLab.analytes.map((analyte) => analyteName(analyte, t)).join(', ') })}${lipids ? ` ${t('todo.labFasting')}` : ''}`,
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
          title: t('todo.moodTitle'),
          todo: t('todo.moodTodo'),
          who: 'you',
          link: { to: '/mood', text: t('todo.moodLink') },
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
function itemsDone(record: PatientRecord, status: ProgramStatus, { t }: Words): Done[] {
  if (!PREPARING.includes(status.state) || status.category === null) {
    return [];
  }
  const blocked = new Set(status.blockers.map((reason) => reason.code));
  const { facts } = record;
  const done: Done[] = [];
  if (status.category === 'PCGP') {
    if (![...TEST_STEP_CODES].some((code) => blocked.has(code))) {
      const test = facts.pregnancyTests.filter((candidate) => candidate.result === 'negative' && candidate.specimenDate <= status.asOf);
      done.push({ key: 'test', text: t('todo.doneTest'), on: status.window?.opensOn ?? latest(test, (candidate) => candidate.specimenDate) });
    }
    if (![...CONTRACEPTION_STEP_CODES].some((code) => blocked.has(code))) {
      done.push({ key: 'contraception', text: t('todo.doneContraception'), on: latest(facts.contraception, (declaration) => declaration.declaredOn) });
    }
  }
  // Counseling and the comprehension questions are the US program's; outside it (another rule set's key) they are not steps at all.
  const usProgram = status.ruleSet.startsWith('REMS-');
  if (usProgram && !blocked.has('COUNSELING_PENDING')) {
    done.push({ key: 'counseling', text: t('todo.doneCounseling'), on: latest(facts.counselings, (counseling) => counseling.counseledOn) });
  }
  if (usProgram && status.category === 'PCGP' && !blocked.has('COMPREHENSION_PENDING')) {
    done.push({
      key: 'comprehension',
      text: t('todo.doneComprehension'),
      on: latest(
        facts.comprehensionChecks.filter((check) => check.passed),
        (check) => check.answeredOn,
      ),
    });
  }
  if (!blocked.has('PRESCRIPTION_PENDING')) {
    const prescription = latest(facts.prescriptions, (candidate) => candidate.writtenOn);
    if (prescription !== null) {
      done.push({ key: 'prescription', text: t('todo.donePrescription'), on: prescription });
    }
  }
  if (status.activeAuthorization !== null) {
    done.push({ key: 'authorized', text: t('todo.doneAuthorized'), on: status.activeAuthorization.requestedOn });
  }
  return done;
}

function relative(asOf: string, date: string, { t }: Words): string {
  const days = daysBetween(asOf, date);
  return days < 0 ? t('todo.overdue') : t('todo.relative', { days });
}

/** Every step says when: a range, a first day, a last day, or from today. */
function WhenText({ item, asOf, windowDays }: { item: Item; asOf: string; windowDays: number }) {
  const words = useWords();
  const { t, date } = words;
  const from = item.notBefore !== undefined && item.notBefore !== null && item.notBefore > asOf ? item.notBefore : null;
  const by = item.by ?? null;
  let text: string;
  if (from !== null && by !== null) {
    text = t('todo.between', { from: date(from), by: date(by) });
  } else if (from !== null) {
    text = t('todo.onOrAfter', { from: date(from) });
  } else if (by !== null && item.inTestWindow === true) {
    text = t('todo.inTestWindow', { days: windowDays, by: date(by) });
  } else if (by !== null) {
    text = t('todo.by', { by: date(by), relative: relative(asOf, by, words) });
  } else {
    text = t('todo.fromToday', { today: date(asOf) });
  }
  return <span className={`when${by !== null && by < asOf ? ' when-late' : ''}`}>{text}</span>;
}

/** The capsules: she is told plainly when she has none, and whether an order is on its way. */
function Capsules({ status, onTheWay }: { status: PatientStatus; onTheWay: OrderView | null }) {
  const { t, date } = useWords();
  const { capsules } = status.schedule;
  if (capsules.withoutSince === null || status.state === 'PREGNANCY_HOLD') {
    return null;
  }
  return (
    <div className="notice capsules-out" role="status">
      <p className="check-title">{t('todo.noCapsulesSince', { date: date(capsules.withoutSince) })}</p>
      <p>
        {t('todo.supplyRanOut', { date: date(capsules.lastDay ?? capsules.withoutSince) })}{' '}
        {onTheWay !== null
          ? onTheWay.deliveryOverdue
            ? t('todo.orderLate')
            : t('todo.orderOnWay')
          : status.activeAuthorization !== null
            ? t('todo.readyAtPharmacy')
            : t('todo.nextFillNeedsSteps')}
      </p>
    </div>
  );
}

function OrderOnItsWay({ order }: { order: OrderView }) {
  const { t, date } = useWords();
  return (
    <div className="card order-on-way">
      <h2>{order.deliveryOverdue ? t('todo.orderLateTitle') : t('todo.orderOnWayTitle')}</h2>
      <p>
        {orderStateWords(order.state, t).title}: {orderStateWords(order.state, t).text}
        {order.shipment !== null ? ` ${t('todo.shippedOn', { date: date(order.shipment.shippedOn), carrier: order.shipment.carrier })}` : ''}
        {order.deliveryDueBy !== null ? ` ${t('todo.expectedBy', { date: date(order.deliveryDueBy) })}` : ''}
        {order.deliveryOverdue ? ` ${t('todo.writeToPharmacy')}` : ''}
      </p>
      <p>
        <Link to={`/orders/${order.id}`}>{t('todo.followOrder', { pharmacy: order.pharmacy.name })}</Link>
      </p>
    </div>
  );
}

function NextFill({ status }: { status: PatientStatus }) {
  const { t, date } = useWords();
  const { window, activeAuthorization, asOf } = status;
  if (status.state === 'PREGNANCY_HOLD') {
    return (
      <div className="urgent-box" role="alert">
        <h2>{t('todo.holdTitle')}</h2>
        <p>{t('todo.holdText')}</p>
      </div>
    );
  }
  if (status.endOfCourse !== null) {
    const end = status.endOfCourse;
    return (
      <div className="card next-fill">
        <h2>{t('todo.endedTitle')}</h2>
        <p>{t('todo.lastCapsule', { date: date(end.lastDoseOn) })}</p>
        <ul className="after-course">
          {end.contraceptionUntil === null ? null : <li>{t('todo.keepContraception', { date: date(end.contraceptionUntil) })}</li>}
          <li>{end.bloodDonationAllowedFrom > asOf ? t('todo.noBloodUntil', { date: date(end.bloodDonationAllowedFrom) }) : t('todo.mayGiveBlood')}</li>
          <li>
            {end.cosmeticProceduresAllowedFrom > asOf ? t('todo.noWaxingUntil', { date: date(end.cosmeticProceduresAllowedFrom) }) : t('todo.waxingFine')}
          </li>
        </ul>
      </div>
    );
  }
  if (activeAuthorization !== null) {
    return (
      <div className="card next-fill ready">
        <h2>{t('todo.readyTitle')}</h2>
        <p className="big-date">
          {t('todo.pickUpBy')} <strong>{date(activeAuthorization.doNotDispenseAfter)}</strong>
        </p>
        <p>{t('todo.pickUpByText')}</p>
      </div>
    );
  }
  if (window !== null && window.lastDay >= asOf) {
    // Green only when the one function for a patient's state says so (domain/stateWords.ts): the
    // same tone the care team's and the pharmacy's badges show.
    const ready = status.summary.tone === 'ready';
    return (
      <div className={`card next-fill${ready ? ' ready' : ''}`}>
        <h2>{ready ? t('todo.canPickUpNow') : t('todo.windowOpen')}</h2>
        <p className="big-date">
          {t('todo.lastDay')} <strong>{date(window.lastDay)}</strong> ({t('todo.daysLeft', { days: daysBetween(asOf, window.lastDay) })})
        </p>
        <p>{ready ? t('todo.goToPharmacy') : t('todo.everythingBelow')}</p>
      </div>
    );
  }
  return (
    <div className="card next-fill">
      <h2>{status.dispenseCount === 0 ? t('todo.beforeFirstFill') : t('todo.beforeNextFill')}</h2>
      {status.supplyEndsOn !== null && status.supplyEndsOn >= asOf ? <p>{t('todo.capsulesLast', { date: date(status.supplyEndsOn) })}</p> : null}
      <p>
        {status.blockers.length === 0
          ? t('todo.nothingWaiting')
          : status.category !== 'PCGP'
            ? t('todo.listNeededNotPcgp')
            : status.dispenseCount === 0
              ? t('todo.listNeededFirst')
              : t('todo.listNeededMonthly')}
      </p>
    </div>
  );
}

function Checklist({ items, asOf, windowDays }: { items: Item[]; asOf: string; windowDays: number }) {
  const { t } = useWords();
  const who = whoWords(t);
  return (
    <ol className="checklist">
      {items.map((item) => (
        <li key={item.key} className={`check-item${item.step.urgent === true ? ' check-urgent' : ''}`}>
          <span className="check-box" aria-hidden="true" />
          <div>
            <p className="check-title">{item.step.title}</p>
            <p className="check-todo">{item.step.todo}</p>
            <p className="check-meta">
              <span className={`doer doer-${item.step.who}`}>{who[item.step.who]}</span>
              <WhenText item={item} asOf={asOf} windowDays={windowDays} />
              {item.optional === true ? <span className="doer">{t('todo.recommended')}</span> : null}
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
  const words = useWords();
  const { t, date } = words;
  const who = whoWords(t);
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
    return <NotLinked title={t('todo.title')} />;
  }

  return (
    <section className="patient-page">
      <h1>{t('todo.title')}</h1>
      <Await loaded={loaded} what={t('todo.loading')}>
        {({ status, record, clinical, check, onTheWay, unread, canOrder }) => {
          const { needed, apart } = itemsToDo(status, clinical, check, words);
          const done = itemsDone(record, status, words);
          const warnings = forPatient(status.warnings).filter((warning) => hasPatientWording(warning.code));
          return (
            <>
              <p className="as-of">{t('todo.asOf', { date: date(status.asOf) })}</p>
              <p className="program-id-line">
                {t('todo.programId')} <span className="program-id">{groupedProgramId(record.patient.programId)}</span>{' '}
                <Link to="/wallet-card">{t('todo.showWalletCard')}</Link>
              </p>
              <Capsules status={status} onTheWay={onTheWay} />
              <PharmacyChoice patientId={patientId} who="patient" />
              <NextFill status={status} />
              {onTheWay === null ? null : <OrderOnItsWay order={onTheWay} />}
              {canOrder ? (
                <p className="notice order-fill">
                  {t('todo.orderFill')} <Link to="/orders/new">{t('todo.orderFillLink')}</Link>
                </p>
              ) : null}
              {unread === 0 ? null : (
                <p className="notice">
                  {t('todo.unread', { count: unread })} <Link to="/inbox">{t('todo.unreadLink', { count: unread })}</Link>
                </p>
              )}

              <h2>{t('todo.stillToDo')}</h2>
              {needed.length === 0 ? (
                <p className="success">{t('todo.nothingLeft')}</p>
              ) : (
                <Checklist items={needed} asOf={status.asOf} windowDays={status.schedule.testWindowDays} />
              )}
              {needed.some((item) => item.step.who !== 'you') ? (
                <p className="hint">{t('todo.othersDoThem', { careTeam: who.careTeam, pharmacy: who.pharmacy })}</p>
              ) : null}

              {apart.length === 0 ? null : (
                <>
                  <h2>{t('todo.alsoToDo')}</h2>
                  <Checklist items={apart} asOf={status.asOf} windowDays={status.schedule.testWindowDays} />
                </>
              )}
              <p className="hint">
                {t('todo.symptomsQuestion')} <Link to="/symptoms">{t('todo.symptomsLink')}</Link> {t('todo.symptomsAnyTime')}
              </p>

              {warnings.length === 0 ? null : (
                <>
                  <h2>{t('todo.goodToKnow')}</h2>
                  <ul className="checklist">
                    {warnings.map((warning) => (
                      <li key={warning.code} className="check-item check-warning">
                        <span className="check-box" aria-hidden="true" />
                        <div>
                          <p className="check-title">{patientStep(warning, t).title}</p>
                          <p className="check-todo">{patientStep(warning, t).todo}</p>
                        </div>
                      </li>
                    ))}
                  </ul>
                </>
              )}

              {done.length === 0 ? null : (
                <>
                  <h2>{t('todo.alreadyDone')}</h2>
                  <ul className="checklist">
                    {done.map((item) => (
                      <li key={item.key} className="check-item check-done">
                        <span className="check-box" aria-hidden="true">
                          ✓
                        </span>
                        <div>
                          <p className="check-title">
                            <span className="visually-hidden">{t('todo.doneMark')} </span>
                            {item.text}
                          </p>
                          {item.on === null ? null : <p className="check-meta">{date(item.on)}</p>}
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
