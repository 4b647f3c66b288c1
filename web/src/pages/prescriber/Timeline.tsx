// The course as it happened, newest first: enrollment and consents, visits (counseling),
// contraception, pregnancy tests with their results, prescriptions, authorizations and dispenses,
// labs with their bands, PHQ-9 scores, and the course's end — built from the patient's facts and
// the clinical review. Each entry shows its calendar date, and when it was recorded in the
// clinic's time zone.
import { useId, useState } from 'react';
import type { ClinicalReview, PatientFacts } from '../../apiTypes';
import { formatDate, formatMoment } from '../../dates';
import { productName } from '../../labels';
import {
  ANALYTE_WORDS,
  BAND_WORDS,
  CATEGORY_WORDS,
  CONSENT_WORDS,
  COURSE_END_WORDS,
  CRITERION_WORDS,
  METHOD_WORDS,
  PHQ9_BAND_WORDS,
  productLine,
  TEST_KIND_WORDS,
  TEST_SETTING_WORDS,
} from './labels';

type Kind = 'program' | 'visit' | 'test' | 'prescription' | 'pharmacy' | 'lab' | 'mood';

const KIND_WORDS: Record<Kind, string> = {
  program: 'Program',
  visit: 'Visit',
  test: 'Pregnancy test',
  prescription: 'Prescription',
  pharmacy: 'Pharmacy',
  lab: 'Lab',
  mood: 'Mood',
};

const FILTERS: ReadonlyArray<readonly [string, string]> = [
  ['all', 'Everything'],
  ['visit', 'Visits, counseling and contraception'],
  ['test', 'Pregnancy tests'],
  ['prescription', 'Prescriptions, authorizations and dispenses'],
  ['lab', 'Labs'],
  ['mood', 'Mood (PHQ-9)'],
  ['program', 'Enrollment, consents and course'],
];

interface Event {
  date: string;
  kind: Kind;
  title: string;
  detail?: string;
  tone?: 'ok' | 'warning' | 'urgent';
  recordedAt?: string;
  /** Orders events of one day: lower first in the day. */
  order: number;
}

export function timelineEvents(facts: PatientFacts, review: ClinicalReview | undefined): Event[] {
  const events: Event[] = [];
  facts.categoryAssignments.forEach((assignment, index) => {
    events.push({
      date: assignment.effectiveOn,
      kind: 'program',
      title: index === 0 ? `Enrolled: ${CATEGORY_WORDS[assignment.category]}` : `Category changed to ${CATEGORY_WORDS[assignment.category]}`,
      detail: `Criterion: ${CRITERION_WORDS[assignment.criterion] ?? assignment.criterion}${assignment.reason ? `. Reason: ${assignment.reason}` : ''}`,
      recordedAt: assignment.recordedAt,
      order: 0,
    });
  });
  for (const consent of facts.consents) {
    events.push({ date: consent.signedOn, kind: 'program', title: `Consent signed: ${CONSENT_WORDS[consent.kind] ?? consent.kind}`, order: 1 });
  }
  for (const counseling of facts.counselings) {
    events.push({
      date: counseling.counseledOn,
      kind: 'visit',
      title: 'Visit: counseling confirmed by the prescriber',
      recordedAt: counseling.recordedAt,
      order: 2,
    });
  }
  for (const declaration of facts.contraception) {
    events.push({
      date: declaration.declaredOn,
      kind: 'visit',
      title: declaration.abstinence
        ? 'Contraception: abstinence commitment'
        : `Contraception: ${declaration.methods.map((method) => METHOD_WORDS[method] ?? method).join(' + ')}`,
      detail: `In use since ${formatDate(declaration.startedOn)}; entered by the ${declaration.enteredBy}${declaration.takesEnzymeInducer ? '; takes an enzyme inducer' : ''}.`,
      recordedAt: declaration.recordedAt,
      order: 3,
    });
  }
  for (const check of facts.comprehensionChecks) {
    events.push({
      date: check.answeredOn,
      kind: 'visit',
      title: `Comprehension questions ${check.passed ? 'passed' : 'not passed'}`,
      ...(check.passed ? {} : { tone: 'warning' as const }),
      recordedAt: check.recordedAt,
      order: 4,
    });
  }
  for (const test of facts.pregnancyTests) {
    events.push({
      date: test.specimenDate,
      kind: 'test',
      title: `${TEST_KIND_WORDS[test.kind] ?? test.kind} pregnancy test: ${test.result}`,
      detail: `${TEST_SETTING_WORDS[test.setting] ?? test.setting}${test.clia ? ', CLIA' : ''}${test.sensitivityMiuPerMl === null ? '' : `, ${test.sensitivityMiuPerMl} mIU/mL`}; result ${formatDate(test.resultDate)}.`,
      tone: test.result === 'positive' ? 'urgent' : test.result === 'invalid' ? 'warning' : 'ok',
      recordedAt: test.recordedAt,
      order: 5,
    });
  }
  for (const optIn of facts.homeTestingOptIns) {
    events.push({ date: optIn.optedInOn, kind: 'program', title: 'Home pregnancy tests allowed', detail: optIn.procedure, order: 6 });
  }
  for (const prescription of facts.prescriptions) {
    events.push({
      date: prescription.writtenOn,
      kind: 'prescription',
      title: 'Prescription written',
      detail: productLine(prescription),
      recordedAt: prescription.recordedAt,
      order: 7,
    });
  }
  for (const authorization of facts.authorizations) {
    const doNotDispenseAfter = authorization.remsDoNotDispenseAfter ?? authorization.doNotDispenseAfter;
    const number = authorization.remsRmaNumber ?? authorization.rmaNumber;
    events.push({
      date: authorization.requestedOn,
      kind: 'pharmacy',
      // Outside the US the pharmacist's checklist has no number, and Australia no last day.
      title: number === null ? "Pharmacist's checklist passed" : `Authorized: ${number}`,
      detail:
        doNotDispenseAfter === null
          ? `No dispensing window (${authorization.ruleSet}).`
          : `${number === null ? 'Last day to dispense' : 'Do not dispense after'} ${formatDate(doNotDispenseAfter)} (${authorization.ruleSet}).`,
      order: 8,
    });
    if (authorization.reversal !== null) {
      events.push({
        date: authorization.reversal.reversedOn,
        kind: 'pharmacy',
        title: `Authorization ${number ?? ''} reversed`,
        detail: authorization.reversal.reason,
        tone: 'warning',
        order: 9,
      });
    }
    if (authorization.dispense !== null) {
      const dispense = authorization.dispense;
      events.push({
        date: dispense.dispensedOn,
        kind: 'pharmacy',
        title: 'Dispensed',
        detail: `${productName(dispense.product)} ${dispense.strengthMg} mg, ${dispense.quantity} capsules for ${dispense.daysSupply} days.`,
        tone: 'ok',
        recordedAt: dispense.recordedAt,
        order: 10,
      });
    }
  }
  for (const end of facts.courseEnds) {
    events.push({
      date: end.lastDoseOn,
      kind: 'program',
      title: `Course ended (last dose): ${COURSE_END_WORDS[end.reason] ?? end.reason}`,
      recordedAt: end.recordedAt,
      order: 11,
    });
  }
  for (const restart of facts.courseRestarts) {
    events.push({
      date: restart.restartedOn,
      kind: 'program',
      title: 'New course started',
      ...(restart.reason ? { detail: restart.reason } : {}),
      recordedAt: restart.recordedAt,
      order: 0,
    });
  }
  for (const report of facts.pregnancyReports) {
    events.push({
      date: report.reportedOn,
      kind: 'program',
      title: 'Pregnancy reported: everything stops',
      tone: 'urgent',
      recordedAt: report.recordedAt,
      order: 12,
    });
  }
  for (const clearance of facts.pregnancyClearances) {
    events.push({
      date: clearance.clearedOn,
      kind: 'program',
      title: 'Pregnancy hold cleared by the prescriber',
      detail: clearance.reason,
      recordedAt: clearance.recordedAt,
      order: 13,
    });
  }
  for (const lab of review?.labs ?? []) {
    const band = lab.classification.band;
    events.push({
      date: lab.result.collectedOn,
      kind: 'lab',
      title: `${ANALYTE_WORDS[lab.result.analyte] ?? lab.result.analyte} ${lab.result.value} ${lab.result.unit}: ${BAND_WORDS[band] ?? band}`,
      ...(lab.classification.reasons.length > 0 ? { detail: lab.classification.reasons.map((reason) => reason.message).join(' ') } : {}),
      ...(band === 'stop' ? { tone: 'urgent' as const } : band === 'act' || band === 'watch' ? { tone: 'warning' as const } : {}),
      order: 4,
    });
  }
  for (const mood of review?.moodHistory ?? []) {
    events.push({
      date: mood.answeredOn,
      kind: 'mood',
      title: `PHQ-9: ${mood.total} (${PHQ9_BAND_WORDS[mood.band] ?? mood.band})`,
      ...(mood.item9 > 0 ? { detail: `Item 9 (thoughts of death or self-harm) answered ${mood.item9} of 3.` } : {}),
      ...(mood.item9 > 0 || mood.total >= 15 ? { tone: 'urgent' as const } : mood.total >= 10 ? { tone: 'warning' as const } : {}),
      order: 4,
    });
  }
  return events.sort((a, b) => (a.date === b.date ? b.order - a.order : a.date < b.date ? 1 : -1));
}

function matches(filter: string, kind: Kind): boolean {
  if (filter === 'all') {
    return true;
  }
  if (filter === 'prescription') {
    return kind === 'prescription' || kind === 'pharmacy';
  }
  return filter === kind;
}

export function Timeline({ facts, review, timeZone }: { facts: PatientFacts; review: ClinicalReview | undefined; timeZone: string }) {
  const filterId = useId();
  const [filter, setFilter] = useState('all');
  const events = timelineEvents(facts, review).filter((event) => matches(filter, event.kind));
  return (
    <section className="card" aria-labelledby="timeline-title">
      <div className="rx-page-head">
        <h2 id="timeline-title">Timeline</h2>
        <div className="field rx-inline-field">
          <label htmlFor={filterId}>Show</label>
          <select
            id={filterId}
            value={filter}
            onChange={(event) => {
              setFilter(event.target.value);
            }}
          >
            {FILTERS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="hint" role="status">
        {events.length} {events.length === 1 ? 'entry' : 'entries'}, newest first. Recording times are in {timeZone.replace(/_/g, ' ')} time.
      </p>
      {events.length === 0 ? <p>Nothing recorded yet.</p> : null}
      <ol className="rx-timeline">
        {events.map((event, index) => (
          <li
            key={`${event.date}-${event.kind}-${event.title}-${index}`}
            className={`timeline-item rx-timeline-${event.kind}${event.tone ? ` rx-timeline-tone-${event.tone}` : ''}`}
          >
            <time dateTime={event.date} className="rx-timeline-date">
              {formatDate(event.date)}
            </time>
            <div className="rx-timeline-body">
              <p className="rx-timeline-title">
                <span className="rx-timeline-kind">{KIND_WORDS[event.kind]}</span> {event.title}
              </p>
              {event.detail ? <p className="rx-timeline-detail">{event.detail}</p> : null}
              {event.recordedAt ? <p className="rx-timeline-recorded">Recorded {formatMoment(event.recordedAt, timeZone)}</p> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
