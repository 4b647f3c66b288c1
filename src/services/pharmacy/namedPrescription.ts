// The counter, for the pharmacy a prescription names (issue 10): open the prescription from the
// queue without asking the patient for her identifier and birth date again, and authorize and
// dispense it in ONE step while she is there. Still two records — the authorization and the
// dispense — written by the same functions as the separate requests (authorizeInTransaction,
// dispenseInTransaction), each with its own audit row, in one transaction under the patient's row
// lock; when either part is refused, the step is refused as a whole with every reason, and
// nothing is stored.
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../../domain/dates.js';
import { decide, type Reason } from '../../domain/decision.js';
import { decideDispense, type DispenseRequest } from '../../domain/dispense.js';
import type { Authorization, Prescription } from '../../domain/facts.js';
import { nextFill, nextFillOf, normalizeProgramId, type NextFill, type PrescriptionVerdict } from '../../domain/pharmacyVerdict.js';
import { patientStatusOf, usEngineJudges } from '../programs/patientStatus.js';
import { checklistDispenseIn } from './checklistDispense.js';
import { ruleSetOn } from '../../domain/ruleSets.js';
import { isCertified } from '../../db/certifications.js';
import { loadPatientFacts } from '../../db/patientFacts.js';
import { NAMED_ACCESS_DAYS, NO_PHARMACY, requireRole, type PatientTarget } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { NotFoundError, RuleRefusal } from '../errors.js';
import { previousAnswer, rememberAnswer, type IdempotencyKey } from '../idempotency.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';
import { counterVerdict } from './counterVerdict.js';
import { dispenseInTransaction, heldAuthorization, type DispenseAnswer } from './authorizationActions.js';
import { authorizationView, authorizeInTransaction, type AuthorizationAnswer } from './requestAuthorization.js';

export type CounterPrescription = Omit<Prescription, 'recordedAt' | 'refills'>;

/**
 * What the named pharmacy sees: the patient's name and program identifier (what the counter
 * checks against the patient and the card), this prescription, and the engine's verdict on it —
 * not the birth date, not the rest of the record.
 */
export interface NamedPrescriptionView {
  id: string;
  asOf: IsoDate;
  patient: { name: string; programId: string };
  prescription: CounterPrescription;
  verdict: PrescriptionVerdict;
  /** Her practice is outside the US: the one step is the pharmacist's checklist and the dispense (no authorization). */
  checklist: boolean;
}

export function counterPrescription({ id, writtenOn, product, strengthMg, capsulesPerDay, quantity, daysSupply }: Prescription): CounterPrescription {
  return { id, writtenOn, product, strengthMg, capsulesPerDay, quantity, daysSupply };
}

/** The ids of this patient's authorizations the caller's pharmacy holds (facts do not say who holds one). */
export async function authorizationsHeldBy(db: Executor, patientIds: readonly string[], pharmacyId: string | null): Promise<Set<string>> {
  if (patientIds.length === 0) {
    return new Set();
  }
  const rows = await db
    .selectFrom('authorizations')
    .select('id')
    .where('patient_id', 'in', patientIds)
    .where('pharmacy_id', '=', pharmacyId ?? NO_PHARMACY)
    .execute();
  return new Set(rows.map((row) => row.id));
}

function prescriptionIn(work: PatientWork, prescriptionId: string): Prescription {
  const prescription = work.facts.prescriptions.find((candidate) => candidate.id === prescriptionId);
  if (prescription === undefined) {
    throw new NotFoundError('Prescription');
  }
  return prescription;
}

async function viewOf(services: Services, actor: Actor, work: PatientWork, prescriptionId: string): Promise<NamedPrescriptionView> {
  const prescription = prescriptionIn(work, prescriptionId);
  const held = await authorizationsHeldBy(work.trx, [work.patient.id], actor.organizationId);
  const pharmacyCertified = actor.organizationId !== null && (await isCertified(work.trx, { organizationId: actor.organizationId }, work.today));
  return {
    id: prescription.id,
    asOf: work.today,
    patient: { name: `${work.patient.given_name} ${work.patient.family_name}`, programId: work.patient.program_id },
    prescription: counterPrescription(prescription),
    verdict: await counterVerdict(work.trx, work, prescription, { pharmacyCertified, heldHere: (id) => held.has(id) }),
    checklist: !usEngineJudges(work.program),
  };
}

const named = (services: Services, prescriptionId: string): PatientTarget => ({ namedPrescriptionId: prescriptionId, asOf: programToday(services) });

export async function readNamedPrescription(services: Services, actor: Actor, prescriptionId: string): Promise<NamedPrescriptionView> {
  requireRole(actor, 'pharmacist');
  return withPatient(
    services,
    actor,
    named(services, prescriptionId),
    'dispense',
    'prescription.pharmacyRead',
    (work) => viewOf(services, actor, work, prescriptionId),
    {
      readOnly: true,
    },
  );
}

export interface AuthorizeAndDispenseAnswer {
  /** The dispense. */
  id: string;
  prescriptionId: string;
  /** False when this pharmacy already held the authorization (requested earlier): only the dispense is new. */
  authorizationCreated: boolean;
  authorization: ReturnType<typeof authorizationView>;
  dispense: Omit<DispenseAnswer, 'warnings'>;
  warnings: Reason[];
  /** What the next fill needs and from when (the engine's blockers after this dispense). */
  next: NextFill;
}

/**
 * Authorize and dispense in one step, dispensing today exactly what the prescription says. The
 * Medication Guide is part of the step (R-AUTH-6): `medicationGuideGiven` must be true.
 */
export async function authorizeAndDispense(
  services: Services,
  actor: Actor,
  prescriptionId: string,
  input: { medicationGuideGiven: boolean },
  idempotency: IdempotencyKey | null = null,
): Promise<AuthorizeAndDispenseAnswer> {
  requireRole(actor, 'pharmacist');
  // The whole step is one dispense.record (its audit row written by withPatient); the
  // authorization part writes its own authorization.request row inside the same transaction.
  return withPatient(
    services,
    actor,
    named(services, prescriptionId),
    'dispense',
    'dispense.record',
    async (work) => {
      const replay = await previousAnswer<AuthorizeAndDispenseAnswer>(work.trx, actor, idempotency);
      if (replay !== null) {
        return replay;
      }
      const prescription = prescriptionIn(work, prescriptionId);
      const request: DispenseRequest = {
        dispensedOn: work.today,
        product: prescription.product,
        strengthMg: prescription.strengthMg,
        quantity: prescription.quantity,
        daysSupply: prescription.daysSupply,
        medicationGuideGiven: input.medicationGuideGiven,
      };
      if (!usEngineJudges(work.program)) {
        // Outside the US the one step is the pharmacist's checklist and the dispense (no authorization number).
        const answer = await checklistStep(work, actor, prescriptionId, request);
        await rememberAnswer(work.trx, actor, idempotency, 201, answer);
        return answer;
      }
      const reasons: Reason[] = [];
      const warnings: Reason[] = [];
      const collect = (refusal: RuleRefusal) => {
        reasons.push(...refusal.reasons.filter((candidate) => !reasons.some((known) => known.code === candidate.code)));
        warnings.push(...refusal.warnings.filter((candidate) => !warnings.some((known) => known.code === candidate.code)));
      };
      // The separate requests' own functions, without their keys: this step's key covers both.
      let authorized: AuthorizationAnswer | null = null;
      try {
        authorized = await authorizeInTransaction(services, actor, work, prescriptionId, null);
      } catch (error) {
        if (!(error instanceof RuleRefusal)) {
          throw error;
        }
        collect(error);
      }
      let dispensed: DispenseAnswer | null = null;
      if (authorized !== null) {
        await writeAudit(work.trx, actor, {
          action: 'authorization.request',
          patientId: work.patient.id,
          entity: 'authorization',
          entityId: authorized.id,
          outcome: 'ok',
        });
        const afterAuthorization = { ...work, facts: await loadPatientFacts(work.trx, work.patient.id, work.today) };
        const authorization = await heldAuthorization(afterAuthorization, actor, authorized.id);
        try {
          dispensed = await dispenseInTransaction(services, actor, afterAuthorization, authorization, request, null);
        } catch (error) {
          // Dispensed today against an authorization active today, a refusal here never asks for a
          // reversal (that is a dispense after the date, R-AUTH-2): the step is refused as a whole.
          if (!(error instanceof RuleRefusal)) {
            throw error;
          }
          collect(error);
        }
      } else {
        // The authorization is refused: say also what the dispense part would refuse, judged against
        // the authorization it would have had (requested today), so every reason comes at once.
        const provisional: Authorization = {
          id: '',
          prescriptionId,
          rmaNumber: '(not issued)',
          requestedOn: work.today,
          doNotDispenseAfter: work.today,
          ruleSet: ruleSetOn(work.today, work.program).id,
          remsDoNotDispenseAfter: null,
          remsRmaNumber: null,
          reversal: null,
          dispense: null,
        };
        const dispensePart = decideDispense(work.facts, provisional, request, work.program);
        collect(new RuleRefusal('', dispensePart.reasons, []));
      }
      if (authorized === null || dispensed === null || reasons.length > 0) {
        throw new RuleRefusal('Authorize and dispense is refused; nothing was recorded', decide(reasons).reasons, warnings);
      }
      const { warnings: dispenseWarnings, ...dispense } = dispensed;
      const after = await loadPatientFacts(work.trx, work.patient.id, work.today);
      const answer: AuthorizeAndDispenseAnswer = {
        id: dispense.id,
        prescriptionId,
        authorizationCreated: authorized.created,
        authorization: authorized.authorization,
        dispense,
        warnings: [...authorized.warnings, ...dispenseWarnings],
        next: nextFill(after, work.today, work.program),
      };
      await rememberAnswer(work.trx, actor, idempotency, 201, answer);
      return answer;
    },
    { idempotency },
  );
}

/** The counter's one step outside the US: the checklist and its dispense, and what the next fill needs after it. */
async function checklistStep(work: PatientWork, actor: Actor, prescriptionId: string, request: DispenseRequest): Promise<AuthorizeAndDispenseAnswer> {
  const done = await checklistDispenseIn(work, actor, { prescriptionId, ...request });
  const after = { ...work, facts: await loadPatientFacts(work.trx, work.patient.id, work.today) };
  const record = after.facts.authorizations.find((candidate) => candidate.id === done.checklistId);
  if (record === undefined) {
    throw new Error('The checklist record just written is missing');
  }
  return {
    id: done.id,
    prescriptionId,
    authorizationCreated: true,
    authorization: authorizationView(record),
    dispense: { id: done.id, authorizationId: done.checklistId, ...request },
    warnings: done.warnings,
    next: nextFillOf(await patientStatusOf(work.trx, after), after.facts, work.today),
  };
}

/**
 * The latest prescription naming this pharmacy for the patient with this program identifier, written
 * within NAMED_ACCESS_DAYS of `today` (recent enough to open her record by it; access.ts checks
 * again); null when there is none.
 */
export async function recentPrescriptionNamingPharmacy(services: Services, programId: string, pharmacyId: string, today: IsoDate): Promise<string | null> {
  const named = await services.db
    .selectFrom('prescriptions as rx')
    .innerJoin('patients as p', 'p.id', 'rx.patient_id')
    .select('rx.id')
    .where('p.program_id', '=', normalizeProgramId(programId))
    .where('rx.pharmacy_id', '=', pharmacyId)
    .where('rx.written_on', '>=', sql<string>`${addDays(today, -NAMED_ACCESS_DAYS)}::date`)
    .orderBy('rx.written_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  return named?.id ?? null;
}
