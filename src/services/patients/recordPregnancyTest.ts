// A pregnancy test result. Impossible dates are refused (R-PT-6); every other result is a fact
// and is kept — a test that cannot open a window is stored with the reasons why (T-11, T-14), and
// a positive one puts the patient on hold and reverses any active authorization (R-PREG-1).
import { reverseActiveAuthorizations } from '../../db/authorizationReversals.js';
import { decide, reason, type Decision } from '../../domain/decision.js';
import type { HomeTestEvidence, PatientFacts, PregnancyTest } from '../../domain/facts.js';
import { decideTestRecord } from '../../domain/programs/programDecisions.js';
import { loadProgramFacts, programContextOf } from '../../db/programFacts.js';
import { judgedOutsideUs, ruleSetInForce } from '../programs/programInForce.js';
import { programJurisdiction } from '../../domain/ruleSets.js';
import { fillReadiness } from '../../domain/fillReadiness.js';
import { pregnancyTestInputProblems } from '../../domain/pregnancyTests.js';
import type { Actor, Services } from '../context.js';
import { throwIfProblems } from '../validation.js';
import { withPatient, type PatientWork } from './patientTransaction.js';

export type PregnancyTestInput = Omit<PregnancyTest, 'id' | 'recordedAt' | 'sensitivityMiuPerMl' | 'homeEvidence'> & {
  sensitivityMiuPerMl?: number;
  homeEvidence?: HomeTestEvidence;
};

function screeningQualification(test: PregnancyTest): Decision {
  if (test.result !== 'negative') {
    return decide([reason('SCREENING_NOT_NEGATIVE', 'R-ENR-3', 'The screening test is not negative.', 'Do not start; see the prescriber.')]);
  }
  if (test.setting === 'home') {
    return decide([
      reason(
        'SCREENING_MUST_BE_MEDICAL_SETTING',
        'R-PT-1',
        'The screening test must be done in a medical setting.',
        'Repeat the screening test in a clinic or laboratory.',
      ),
    ]);
  }
  return decide([]);
}

/** The test as the practice's program judges it, on its specimen date, with the patient's other facts. */
async function programTestJudgement(work: PatientWork, factsAfter: PatientFacts, test: PregnancyTest) {
  const loaded = await loadProgramFacts(work.trx, work.patient.id, factsAfter);
  const judgedTest = loaded.facts.pregnancyTests.find((candidate) => candidate.id === test.id);
  if (judgedTest === undefined) {
    throw new Error('The recorded test is missing from the program facts');
  }
  return decideTestRecord(loaded.facts, judgedTest, programContextOf(work.program));
}

export async function recordPregnancyTest(services: Services, actor: Actor, patientId: string, input: PregnancyTestInput) {
  return withPatient(services, actor, patientId, 'record', 'pregnancyTest.record', (work) => pregnancyTestIn(work, services, actor, input));
}

/** Decides and stores the test inside a patient transaction (the single route's, or a monthly visit's). */
export async function pregnancyTestIn(work: PatientWork, services: Services, actor: Actor, input: PregnancyTestInput) {
  const { trx, facts, today } = work;
  const patientId = work.patient.id;
  const draft = {
    ...input,
    sensitivityMiuPerMl: input.sensitivityMiuPerMl ?? null,
    homeEvidence: input.homeEvidence ?? null,
  };
  throwIfProblems(pregnancyTestInputProblems(draft, today, facts.pregnancyTests));
  const row = await trx
    .insertInto('pregnancy_tests')
    .values({
      patient_id: patientId,
      kind: draft.kind,
      specimen_date: draft.specimenDate,
      result_date: draft.resultDate,
      result: draft.result,
      setting: draft.setting,
      clia: draft.clia,
      sensitivity_miu_per_ml: draft.sensitivityMiuPerMl,
      home_evidence: draft.homeEvidence === null ? null : JSON.stringify(draft.homeEvidence),
      // The key of the rule set in force on the specimen's day, the one the answer's judgement uses.
      judged_by: ruleSetInForce(work.program, draft.specimenDate)?.key ?? null,
      recorded_by: actor.userId,
    })
    .returning(['id', 'recorded_at'])
    .executeTakeFirstOrThrow();
  const test: PregnancyTest = { ...draft, id: row.id, recordedAt: row.recorded_at.toISOString() };
  const factsAfter = { ...facts, pregnancyTests: [...facts.pregnancyTests, test] };

  const reversed = test.result === 'positive' ? await reverseActiveAuthorizations(trx, facts.authorizations, today, 'PREGNANCY_HOLD', actor.userId) : [];
  if (judgedOutsideUs(work.program) || programJurisdiction(work.program) === null) {
    // Judged by the practice's program (decideTestRecord): kept whatever it says — a result is a
    // fact, and a positive one counts wherever it was done — with whether it counts there, why
    // not (REMOTE_TEST_NOT_ALLOWED, LICENSED_LAB_REQUIRED), and after the last dose whether it is
    // the final test (END_TEST_TOO_EARLY). The US window does not apply. A practice without a
    // jurisdiction is not judged by the US rules either: kept, counting nowhere (P-27,
    // PROGRAM_NOT_CONFIGURED) — the safer answer than a US window nobody configured.
    const judged = await programTestJudgement(work, factsAfter, test);
    return {
      id: test.id,
      test: { ...input, id: test.id },
      qualification: judged.decision,
      window: null,
      program: { ruleSet: judged.key, counts: judged.decision.allowed, final: judged.final },
      reversedAuthorizations: reversed,
    };
  }
  const readiness = fillReadiness(factsAfter, today, work.program);
  const qualification =
    test.kind === 'screening'
      ? screeningQualification(test)
      : (readiness.testQualifications.find((candidate) => candidate.test.id === test.id)?.decision ?? null);
  return {
    id: test.id,
    test: { ...input, id: test.id },
    /** Whether this test opens a prescription window, and why not. Null for tests that never do (end of treatment, after). */
    qualification,
    window: readiness.window?.testId === test.id ? readiness.window : null,
    reversedAuthorizations: reversed,
  };
}
