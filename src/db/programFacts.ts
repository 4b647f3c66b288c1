// The facts the programs outside the US judge (src/domain/programs/programFacts.ts), for one
// patient: what the US facts already hold (birth date, pregnancy tests, contraception,
// prescriptions, dispenses, the course's end — read by db/patientFacts.ts in the statement the
// patient transaction runs anyway) and the rows of migration 0029, read here in ONE statement
// with the prescribers' dated attributes. The organization's side (jurisdiction and settings) comes
// with the patient's row (services/access.ts): `programContextOf`.
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { isAfter, type IsoDate } from '../domain/dates.js';
import type { PatientFacts, PregnancyTest } from '../domain/facts.js';
import type { ProgramContext } from '../domain/programs/programDecisions.js';
import {
  latestBy,
  type AcknowledgementForm,
  type Assessment,
  type ExemptionRecord,
  type PrescriberAttributes,
  type ProgramPatientFacts,
  type ProgramTestSetting,
  type ReproductiveFact,
  type SecondPrescriberAgreement,
  type Visit,
} from '../domain/programs/programFacts.js';
import { programJurisdiction, type ProgramConfig } from '../domain/ruleSets.js';
import type { Executor } from './executor.js';

/** One prescriber's attributes as recorded on a day (prescriber_attributes). */
export interface DatedPrescriberAttributes extends PrescriberAttributes {
  effectiveOn: IsoDate;
  recordedAt: string;
}

export interface LoadedProgramFacts {
  facts: ProgramPatientFacts;
  /** Every prescriber's dated attributes this patient's decisions may need (hers, and the second prescribers'), oldest first. */
  prescriberAttributes: DatedPrescriberAttributes[];
  /** The rule-set key each prescription was judged under (prescriptions.judged_by, 0030; null before it). */
  judgedBy: ReadonlyMap<string, string | null>;
}

/**
 * Where a stored test was done, as the programs name it, from the existing columns (no column of
 * its own, migration 0029's header): a laboratory with a licence (clia) is a licensed laboratory
 * (Canada's CA-PT-3 — the safer reading: a lab without one does not count there); a home test read
 * in a supervised video visit is a remotely supervised test (UK-PT-1) with its reader as the
 * supervisor and its description as the evidence; any other home test is unsupervised.
 */
export function programTestSetting(test: Pick<PregnancyTest, 'setting' | 'clia' | 'homeEvidence'>): ProgramTestSetting {
  switch (test.setting) {
    case 'lab':
      return test.clia ? 'licensedLab' : 'lab';
    case 'clinic':
      return 'clinic';
    case 'home':
      return test.homeEvidence?.kind === 'supervisedVideoVisit' ? 'remoteSupervised' : 'home';
  }
}

/**
 * The last dose of the latest course that ended (null: none ended). A course restarted after it
 * still has that day as its start line: the restarted course's first prescription is judged as a
 * first one (form, assessments) — the safer reading; the end-of-treatment flag only warns.
 */
function lastDoseOf(facts: PatientFacts): IsoDate | null {
  return (
    latestBy(
      facts.courseEnds,
      (end) => end.lastDoseOn,
      (end) => end.recordedAt,
    )?.lastDoseOn ?? null
  );
}

type Row = Record<string, unknown>;
const rows = (value: unknown): Row[] => ((typeof value === 'string' ? JSON.parse(value) : value) as Row[] | null) ?? [];
const date = (value: unknown): IsoDate => String(value).slice(0, 10);
const dateOrNull = (value: unknown): IsoDate | null => (value === null || value === undefined ? null : date(value));

/** The statement: the 0029 rows of the patient, her prescriptions' prescribers, and the attributes of every prescriber involved. */
function programFactsQuery(db: Executor, patientId: string) {
  return db
    .selectFrom('patients as p')
    .where('p.id', '=', patientId)
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('reproductive_facts as x').whereRef('x.patient_id', '=', 'p.id').select(['x.kind', 'x.recorded_on', 'x.recorded_at'])).as(
        'reproductive',
      ),
      jsonArrayFrom(
        eb
          .selectFrom('program_exemptions as x')
          .whereRef('x.patient_id', '=', 'p.id')
          .select(['x.decided_on', 'x.prescriber_id', 'x.patient_agreed', 'x.reason_code', 'x.justification', 'x.review_at', 'x.recorded_at']),
      ).as('exemptions'),
      jsonArrayFrom(
        eb
          .selectFrom('acknowledgement_forms as x')
          .whereRef('x.patient_id', '=', 'p.id')
          .select(['x.form_version', 'x.signed_on', 'x.signed_by_patient', 'x.signed_by_prescriber', 'x.recorded_at']),
      ).as('acknowledgements'),
      jsonArrayFrom(eb.selectFrom('program_assessments as x').whereRef('x.patient_id', '=', 'p.id').select(['x.kind', 'x.assessed_on', 'x.recorded_at'])).as(
        'assessments',
      ),
      jsonArrayFrom(
        eb.selectFrom('second_prescriber_agreements as x').whereRef('x.patient_id', '=', 'p.id').select(['x.prescriber_id', 'x.agreed_on', 'x.recorded_at']),
      ).as('agreements'),
      jsonArrayFrom(
        eb.selectFrom('program_visits as x').whereRef('x.patient_id', '=', 'p.id').select(['x.visited_on', 'x.mode', 'x.patient_agreed', 'x.recorded_at']),
      ).as('visits'),
      jsonArrayFrom(
        eb.selectFrom('prescriptions as x').whereRef('x.patient_id', '=', 'p.id').select(['x.id', 'x.prescriber_id', 'x.certified_on', 'x.judged_by']),
      ).as('prescribers'),
      jsonArrayFrom(
        eb
          .selectFrom('prescriber_attributes as a')
          .where((inner) =>
            inner.or([
              inner('a.prescriber_id', '=', inner.ref('p.prescriber_id')),
              inner('a.prescriber_id', 'in', inner.selectFrom('prescriptions as x').whereRef('x.patient_id', '=', 'p.id').select('x.prescriber_id')),
            ]),
          )
          .select([
            'a.prescriber_id',
            'a.effective_on',
            'a.specialty',
            'a.authority_state',
            'a.authority_granted_on',
            'a.lead_role',
            'a.retinoid_experience',
            'a.recorded_at',
          ])
          .orderBy('a.effective_on')
          .orderBy('a.recorded_at'),
      ).as('prescriber_attributes'),
    ]);
}

export function prescriberAttributesOf(row: Row): DatedPrescriberAttributes {
  const state = row.authority_state as string | null;
  return {
    id: String(row.prescriber_id),
    effectiveOn: date(row.effective_on),
    specialty: row.specialty as PrescriberAttributes['specialty'],
    recordedAuthority: state === null ? null : { state, grantedOn: date(row.authority_granted_on) },
    leadRole: (row.lead_role as PrescriberAttributes['leadRole']) ?? null,
    retinoidExperience: row.retinoid_experience === true,
    recordedAt: new Date(String(row.recorded_at)).toISOString(),
  };
}

/**
 * The patient's facts as the programs read them: the US facts the patient transaction already
 * loaded (`usFacts`), and one statement for the rest. Rows are in no order: the rules never
 * depend on it (programProperties.test.ts, order-independence).
 */
export async function loadProgramFacts(db: Executor, patientId: string, usFacts: PatientFacts): Promise<LoadedProgramFacts> {
  const row = await programFactsQuery(db, patientId).executeTakeFirstOrThrow();
  const prescriberOf = new Map(rows(row.prescribers).map((prescription) => [String(prescription.id), String(prescription.prescriber_id)]));
  const certifiedOnOf = new Map(rows(row.prescribers).map((prescription) => [String(prescription.id), dateOrNull(prescription.certified_on)]));
  const facts: ProgramPatientFacts = {
    birthDate: usFacts.birthDate,
    reproductive: rows(row.reproductive).map((fact): ReproductiveFact => ({ kind: fact.kind as ReproductiveFact['kind'], recordedOn: date(fact.recorded_on) })),
    exemptions: rows(row.exemptions).map((record): ExemptionRecord => ({
      decidedOn: date(record.decided_on),
      prescriberId: String(record.prescriber_id),
      patientAgreed: record.patient_agreed === true,
      reasonCode: record.reason_code as ExemptionRecord['reasonCode'],
      justification: String(record.justification),
      reviewAt: dateOrNull(record.review_at),
    })),
    acknowledgements: rows(row.acknowledgements).map((form): AcknowledgementForm => ({
      formVersion: form.form_version as AcknowledgementForm['formVersion'],
      signedOn: date(form.signed_on),
      signedByPatient: form.signed_by_patient === true,
      signedByPrescriber: form.signed_by_prescriber === true,
    })),
    assessments: rows(row.assessments).map((assessment): Assessment => ({ kind: assessment.kind as Assessment['kind'], on: date(assessment.assessed_on) })),
    secondPrescriberAgreements: rows(row.agreements).map((agreement): SecondPrescriberAgreement => ({
      prescriberId: String(agreement.prescriber_id),
      agreedOn: date(agreement.agreed_on),
    })),
    visits: rows(row.visits).map((visit): Visit => ({
      on: date(visit.visited_on),
      mode: visit.mode as Visit['mode'],
      patientAgreed: visit.patient_agreed === true,
    })),
    pregnancyTests: usFacts.pregnancyTests.map((test) => {
      const setting = programTestSetting(test);
      return {
        id: test.id,
        specimenDate: test.specimenDate,
        result: test.result,
        setting,
        sensitivityMiuPerMl: test.sensitivityMiuPerMl,
        supervisorId: setting === 'remoteSupervised' ? (test.homeEvidence?.interpretedBy ?? null) : null,
        evidence: setting === 'remoteSupervised' ? (test.homeEvidence?.description ?? null) : null,
      };
    }),
    contraception: usFacts.contraception.map(({ declaredOn, startedOn, methods, abstinence }) => ({ declaredOn, startedOn, methods, abstinence })),
    prescriptions: usFacts.prescriptions.map((prescription) => ({
      id: prescription.id,
      writtenOn: prescription.writtenOn,
      daysSupply: prescription.daysSupply,
      prescriberId: prescriberOf.get(prescription.id) ?? '',
      // Italy's certification of non-pregnancy (PPP-NAT-IT-2), written with the prescription (0030).
      certifiedOn: certifiedOnOf.get(prescription.id) ?? null,
    })),
    // Every dispense points to an authorization row: the US authorization, or the pharmacist's
    // checklist record outside the US (0030); its prescription is the row's.
    dispenses: usFacts.authorizations.flatMap((authorization) =>
      authorization.dispense === null
        ? []
        : [{ prescriptionId: authorization.prescriptionId, dispensedOn: authorization.dispense.dispensedOn, daysSupply: authorization.dispense.daysSupply }],
    ),
    lastDoseOn: lastDoseOf(usFacts),
  };
  const judgedBy = new Map(rows(row.prescribers).map((prescription) => [String(prescription.id), (prescription.judged_by as string | null) ?? null]));
  return { facts, prescriberAttributes: rows(row.prescriber_attributes).map(prescriberAttributesOf), judgedBy };
}

/**
 * A prescriber's attributes in force on `on`: the latest recorded with an effective day on or
 * before it (of two for one day, the later recorded). None recorded: a prescriber with no
 * specialty, authority, role or experience on record — the programs that ask for one refuse,
 * which is the safer answer than assuming a dermatologist.
 */
export function prescriberAttributesOn(recorded: readonly DatedPrescriberAttributes[], prescriberId: string, on: IsoDate): PrescriberAttributes {
  const latest = latestBy(
    recorded.filter((attributes) => attributes.id === prescriberId && !isAfter(attributes.effectiveOn, on)),
    (attributes) => attributes.effectiveOn,
    (attributes) => attributes.recordedAt,
  );
  if (latest === null) {
    return { id: prescriberId, specialty: 'other', recordedAuthority: null, leadRole: null, retinoidExperience: false };
  }
  const { effectiveOn: _effectiveOn, recordedAt: _recordedAt, ...attributes } = latest;
  return attributes;
}

/** The organization's side of every program decision, from the program the patient transaction read with her row. */
export function programContextOf(program: ProgramConfig): ProgramContext {
  return {
    jurisdiction: programJurisdiction(program),
    settings: program.settings ?? [],
    options: { rems2026EffectiveDate: program.rems2026EffectiveDate },
  };
}
