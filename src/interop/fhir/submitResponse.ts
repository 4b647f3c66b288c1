// QuestionnaireResponse/$submit (issue 11 item 4c): a completed questionnaire from an EHR's SMART
// app records the same facts as the web forms, through the same use cases — enrollPatient,
// recordPregnancyTest, recordCounseling, recordMonthlyCheck, recordContraception — and answers
// what was recorded with the case number (the patient's program identifier) as `case_number`.
// Accepted as a bare QuestionnaireResponse, a Parameters carrying one, or the SMART app's message
// Bundle (the response with the Patient and Practitioner it names).
//
// Who: the patient is found by identifier (never by name and birth date alone); a NEW patient is
// enrolled from the enrollment form's name and birth date, and refused as a probable duplicate
// exactly like the web enrollment when the practice has someone with the same names and birth
// date. What only a prescriber attests (enrollment, counseling) is signed by the prescriber the
// response's author names by NPI, within the client's practice.
import type { Bundle, Identifier, Parameters, QuestionnaireResponse, Reference, Resource } from '@medplum/fhirtypes';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import type { CategoryCriterion, PregnancyTestKind, PregnancyTestResult, RiskCategory } from '../../domain/facts.js';
import { CLINIC_TEST_DEFAULT } from '../../domain/monthlyVisit.js';
import { programToday, type Actor, type Executor, type Services } from '../../services/context.js';
import { latestCertification, patientIdentity } from '../../services/interop/questionnaireSubmissions.js';
import { enrollPatient } from '../../services/patients/enrollPatient.js';
import { recordContraception } from '../../services/patients/recordContraception.js';
import { recordCounseling } from '../../services/patients/recordCounseling.js';
import { recordMonthlyCheck } from '../../services/patients/recordMonthlyCheck.js';
import { recordPregnancyTest } from '../../services/patients/recordPregnancyTest.js';
import type { FindPatient } from './importObservations.js';
import { operationOutcome, refusalOf, type Problem } from './outcomes.js';
import { allAffirmed, Answers } from './questionnaireAnswers.js';
import {
  GUARDIAN_ATTESTATION,
  isContraceptionMethod,
  isQuestionnaireId,
  PREGNANCY_NEGATIVE,
  PREGNANCY_POSITIVE,
  questionnaireIds,
  type QuestionnaireId,
} from './questionnaires.js';
import type { PatientDemographics, SystemIdentifier } from '../../services/patientMatching/matchPatient.js';
import { demographicsOf, REMS_CASE_SYSTEM, subjectOf } from './subjects.js';
import { PROGRAM_ID_SYSTEM } from './systems.js';
import { objectOr, objectsIn, stringOr } from './untrusted.js';

export const NPI = 'http://hl7.org/fhir/sid/us-npi';

/** The whole submission is refused: nothing was recorded. */
export class SubmissionRefused extends Error {
  constructor(
    readonly status: number,
    readonly problems: Problem[],
  ) {
    super(problems.map((problem) => problem.text).join(' '));
  }
}

export interface SubmitDependencies {
  /** The prescriber of the client's practice with this NPI, as an actor (clientAuth.actingPrescriber). */
  prescriberByNpi: (npi: string) => Promise<Actor>;
  /** Which patient an identifier names (patientMatching.matchPatient). */
  findPatient: FindPatient;
  /** The EHR's own identifiers of a patient it enrolls, checked before anything is written (patientMatching.enrollmentIdentifiers). */
  enrollmentIdentifiers: (identifiers: PatientDemographics['identifiers']) => SystemIdentifier[];
  /** Links them to the new patient inside the enrollment's transaction (patientMatching.linkEnrolledPatient). */
  linkEnrolledPatient: (trx: Executor, patientId: string, identifiers: readonly SystemIdentifier[]) => Promise<void>;
}

export interface RecordedFact {
  fact: 'enrollment' | 'consent' | 'pregnancyTest' | 'counseling' | 'comprehension' | 'contraception';
  id: string;
  [detail: string]: unknown;
}

export interface SubmitAnswer {
  case_number: string;
  patient: Reference;
  questionnaire: QuestionnaireId;
  recorded: RecordedFact[];
  /** Parts of the response that were not recorded, and why (warnings); absent when all were. */
  outcome?: ReturnType<typeof operationOutcome>;
}

interface Submission {
  response: QuestionnaireResponse;
  questionnaireId: QuestionnaireId;
  answers: Answers;
  resolve: (reference: string | undefined) => Resource | undefined;
  /** The prescriber the message names besides the author (the SMART app's Parameters `prescriber`). */
  namedPrescriber: Reference | undefined;
}

function refuse(status: number, code: Problem['code'], text: string, expression?: string): never {
  throw new SubmissionRefused(status, [{ code, text, ...(expression === undefined ? {} : { expression }) }]);
}

/** The QuestionnaireResponse and the resources carried with it. */
function unpack(body: unknown): Submission {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    refuse(400, 'structure', 'The body must be a QuestionnaireResponse, a Parameters holding one, or a message Bundle holding one.');
  }
  const carried: Resource[] = [];
  let response: QuestionnaireResponse | undefined;
  let namedPrescriber: Reference | undefined;
  const resource = body as Partial<Resource>;
  const take = (candidate: unknown) => {
    if (typeof candidate !== 'object' || candidate === null || typeof (candidate as Resource).resourceType !== 'string') {
      return;
    }
    const found = candidate as Resource;
    if (found.resourceType === 'QuestionnaireResponse' && response === undefined) {
      response = found;
    } else {
      carried.push(found);
    }
    if (found.resourceType === 'Parameters') {
      for (const parameter of objectsIn<NonNullable<Parameters['parameter']>[number]>(found.parameter)) {
        if (parameter.name === 'prescriber' && parameter.valueReference !== undefined) {
          namedPrescriber = parameter.valueReference;
        }
      }
    }
  };
  const fullUrls = new Map<string, Resource>();
  if (resource.resourceType === 'QuestionnaireResponse') {
    take(resource);
  } else if (resource.resourceType === 'Bundle') {
    const entries = (resource as Bundle).entry;
    if (!Array.isArray(entries)) {
      refuse(400, 'structure', 'The Bundle has no entries.', 'Bundle.entry');
    }
    for (const entry of objectsIn<NonNullable<Bundle['entry']>[number]>(entries)) {
      take(entry.resource);
      if (typeof entry.fullUrl === 'string' && entry.resource !== undefined) {
        fullUrls.set(entry.fullUrl, entry.resource);
      }
    }
  } else if (resource.resourceType === 'Parameters') {
    const parameters = (resource as Parameters).parameter;
    if (!Array.isArray(parameters)) {
      refuse(400, 'structure', 'The Parameters has no parameter.', 'Parameters.parameter');
    }
    for (const parameter of objectsIn<NonNullable<Parameters['parameter']>[number]>(parameters)) {
      take(parameter.resource);
    }
  } else {
    refuse(
      400,
      'not-supported',
      `$submit takes a QuestionnaireResponse (alone, in a Parameters or in a message Bundle), not ${String(resource.resourceType)}.`,
    );
  }
  if (response === undefined) {
    refuse(400, 'required', 'No QuestionnaireResponse in the request.');
  }
  // The client's JSON: the status may be of any type until checked.
  const status: unknown = response.status;
  if (status !== 'completed' && status !== 'amended') {
    refuse(422, 'business-rule', `Only a completed questionnaire is recorded (status completed), not "${String(status)}".`, 'QuestionnaireResponse.status');
  }
  const canonical = typeof response.questionnaire === 'string' ? response.questionnaire : '';
  const id = canonical.split('|')[0]?.split('/').pop() ?? '';
  if (!isQuestionnaireId(id)) {
    refuse(
      422,
      'not-supported',
      `"${canonical}" is not a questionnaire isocourse records (Questionnaire/${questionnaireIds().join(', Questionnaire/')}).`,
      'QuestionnaireResponse.questionnaire',
    );
  }
  const byReference = new Map<string, Resource>(fullUrls);
  for (const found of carried) {
    if (typeof found.id === 'string') {
      byReference.set(`${found.resourceType}/${found.id}`, found);
    }
  }
  return {
    response,
    questionnaireId: id,
    answers: new Answers(response.item),
    resolve: (reference) => (reference === undefined ? undefined : byReference.get(reference)),
    namedPrescriber,
  };
}

/** The NPI of the prescriber a reference names: its identifier, or the Practitioner it points at. */
function npiOf(reference: Reference | undefined, resolve: Submission['resolve']): string | undefined {
  reference = objectOr<Reference>(reference);
  if (reference === undefined) {
    return undefined;
  }
  const identifier = objectOr<Identifier>(reference.identifier);
  if (identifier?.system === NPI && typeof identifier.value === 'string') {
    return identifier.value;
  }
  const practitioner = resolve(stringOr(reference.reference));
  if (practitioner?.resourceType !== 'Practitioner') {
    return undefined;
  }
  return stringOr(objectsIn<Identifier>(practitioner.identifier).find((identifier) => identifier.system === NPI)?.value);
}

async function signingPrescriber(submission: Submission, dependencies: SubmitDependencies): Promise<Actor> {
  const npi = npiOf(submission.response.author, submission.resolve) ?? npiOf(submission.namedPrescriber, submission.resolve);
  if (npi === undefined) {
    refuse(
      422,
      'required',
      `This questionnaire is signed by the prescriber: name her in QuestionnaireResponse.author by NPI (identifier system ${NPI}, or a Practitioner carried in the Bundle with one).`,
      'QuestionnaireResponse.author',
    );
  }
  if (!/^[0-9]{10}$/.test(npi)) {
    refuse(422, 'value', `"${npi}" is not an NPI (10 digits).`, 'QuestionnaireResponse.author');
  }
  return dependencies.prescriberByNpi(npi);
}

function birthDateOf(who: PatientDemographics): IsoDate | undefined {
  return who.birthDate !== undefined && isIsoDate(who.birthDate) ? who.birthDate : undefined;
}

/** The existing patient a response is about, by identifier; her birth date must agree when sent. */
async function existingPatient(
  services: Services,
  actor: Actor,
  submission: Submission,
  dependencies: SubmitDependencies,
): Promise<{ id: string; programId: string }> {
  const subject = subjectOf(
    submission.response.subject,
    (reference) => {
      const found = submission.resolve(reference);
      return found?.resourceType === 'Patient' ? found : undefined;
    },
    'QuestionnaireResponse.subject',
  );
  if (!subject.ok) {
    throw new SubmissionRefused(subject.problem.code === 'not-found' ? 404 : 422, [subject.problem]);
  }
  let patientId: string;
  let birthDate: IsoDate | undefined;
  if (subject.subject.kind === 'id') {
    patientId = subject.subject.patientId;
  } else {
    const match = await dependencies.findPatient(services, actor, subject.subject.who);
    if (match.kind === 'needsReview') {
      refuse(
        422,
        'business-rule',
        `The patient could not be identified by an identifier; a name and birth date alone are never linked automatically. The care team was asked to review the match (review ${match.reviewId}); send the response again once it is linked.`,
        'QuestionnaireResponse.subject',
      );
    }
    if (match.kind === 'notFound') {
      refuse(
        404,
        'not-found',
        `No patient of yours has this identifier (${subject.subject.label}). Send her program identifier (system ${PROGRAM_ID_SYSTEM}).`,
        'QuestionnaireResponse.subject',
      );
    }
    patientId = match.patientId;
    birthDate = birthDateOf(subject.subject.who);
  }
  const row = await patientIdentity(services, patientId);
  if (row === undefined || (birthDate !== undefined && row.birth_date !== birthDate)) {
    // The same words as an unknown identifier: a wrong birth date confirms nothing.
    refuse(
      404,
      'not-found',
      `No patient of yours has this identifier and birth date (${subject.subject.kind === 'id' ? `Patient/${patientId}` : subject.subject.label}).`,
      'QuestionnaireResponse.subject',
    );
  }
  return { id: row.id, programId: row.program_id };
}

/** A service's refusal of the whole submission (nothing recorded), or rethrown when it is not one. */
function asSubmissionRefusal(error: unknown): never {
  if (error instanceof SubmissionRefused) {
    throw error;
  }
  const refusal = refusalOf(error);
  if (refusal === null) {
    throw error;
  }
  throw new SubmissionRefused(refusal.status, refusal.problems);
}

function authoredOn(services: Services, response: QuestionnaireResponse): IsoDate {
  const date = stringOr(response.authored)?.slice(0, 10);
  return date !== undefined && isIsoDate(date) ? date : programToday(services);
}

function required<T>(value: T | undefined, linkId: string, what: string): T {
  if (value === undefined) {
    refuse(422, 'required', `${what} (item ${linkId}) is missing.`, `QuestionnaireResponse.item.where(linkId='${linkId}')`);
  }
  return value;
}

function throwIfAnswerProblems(answers: Answers): void {
  if (answers.problems.length > 0) {
    throw new SubmissionRefused(422, answers.problems);
  }
}

/** The enrollment form: a new patient, her consents, her screening test, the counseling. */
async function submitEnrollment(services: Services, submission: Submission, dependencies: SubmitDependencies): Promise<SubmitAnswer> {
  const { answers, response } = submission;
  const subject = objectOr<Reference>(response.subject);
  const carriedPatient = submission.resolve(stringOr(subject?.reference));
  const who = carriedPatient?.resourceType === 'Patient' ? demographicsOf(carriedPatient) : undefined;
  const subjectIdentifier = objectOr<Identifier>(subject?.identifier);
  const programId = [...(who?.identifiers ?? []), ...(subjectIdentifier === undefined ? [] : [subjectIdentifier])].find(
    (identifier) => identifier.system === PROGRAM_ID_SYSTEM || identifier.system === REMS_CASE_SYSTEM,
  );
  if (programId !== undefined) {
    refuse(
      409,
      'duplicate',
      `The patient already has a program identifier (${String(programId.value)}): she is enrolled, nothing was recorded.`,
      'QuestionnaireResponse.subject',
    );
  }

  const canGetPregnant = required(answers.boolean('1.2.1'), '1.2.1', 'Whether the patient can get pregnant');
  const givenName = answers.string('5.1') ?? who?.givenNames[0];
  const familyName = answers.string('5.3') ?? who?.familyName;
  const birthDate = answers.date('5.11') ?? (who === undefined ? undefined : birthDateOf(who));
  throwIfAnswerProblems(answers);
  if (givenName === undefined || givenName === '' || familyName === undefined || familyName === '') {
    refuse(422, 'required', "The patient's first and last names (items 5.1 and 5.3) are missing.", "QuestionnaireResponse.item.where(linkId='5')");
  }
  if (givenName.length > 100 || familyName.length > 100) {
    refuse(422, 'value', 'A name is at most 100 characters, as on the web enrollment form.', "QuestionnaireResponse.item.where(linkId='5')");
  }
  if (birthDate === undefined) {
    refuse(422, 'required', "The patient's date of birth (item 5.11) is missing.", "QuestionnaireResponse.item.where(linkId='5.11')");
  }
  if (who?.birthDate !== undefined && who.birthDate !== birthDate) {
    refuse(
      422,
      'value',
      `The date of birth in the form (${birthDate}) and the Patient's (${who.birthDate}) differ.`,
      "QuestionnaireResponse.item.where(linkId='5.11')",
    );
  }
  let category: RiskCategory;
  let criterion: CategoryCriterion;
  if (canGetPregnant) {
    category = 'PCGP';
    criterion = 'reproductivePotential';
  } else {
    category = 'PCNGP';
    const reasons: [string, CategoryCriterion][] = [
      ['4.1', 'assignedMaleAtBirth'],
      ['4.2', 'totalHysterectomy'],
      ['4.3', 'bilateralOophorectomy'],
      ['4.5', 'postMenopausal'],
    ];
    const found = reasons.find(([linkId]) => answers.boolean(linkId) === true);
    throwIfAnswerProblems(answers);
    if (found === undefined) {
      refuse(
        422,
        'business-rule',
        'A patient who cannot get pregnant needs the reason (R-CAT-1): assigned male at birth (4.1), total hysterectomy (4.2), bilateral oophorectomy (4.3) or post-menopausal (4.5). None was answered yes.',
        "QuestionnaireResponse.item.where(linkId='4')",
      );
    }
    criterion = found[1];
  }
  const enrolledOn = authoredOn(services, response);
  const generalConsent = allAffirmed(answers.booleansUnder('6'));
  const birthDefectsConsent = allAffirmed(answers.booleansUnder('7'));
  const consentsSigned = generalConsent && (category === 'PCNGP' || birthDefectsConsent);
  const guardianConsentSigned = answers.choice('8.1') === GUARDIAN_ATTESTATION && consentsSigned;
  throwIfAnswerProblems(answers);
  // The EHR's own identifiers of her (the Patient it sent, the subject's identifier): linked to the
  // new patient with the enrollment, so its next hook or import naming her by them finds her.
  const subjectValue = stringOr(subjectIdentifier?.value);
  const subjectSystem = stringOr(subjectIdentifier?.system);
  const ehrIdentifiers = dependencies.enrollmentIdentifiers([
    ...(who?.identifiers ?? []),
    ...(subjectValue === undefined ? [] : [{ ...(subjectSystem === undefined ? {} : { system: subjectSystem }), value: subjectValue }]),
  ]);

  const prescriber = await signingPrescriber(submission, dependencies);
  const notes: Problem[] = [];
  const enrolled = await enrollPatient(
    services,
    prescriber,
    {
      givenName,
      familyName,
      birthDate,
      category,
      criterion,
      enrolledOn,
      ...(consentsSigned ? { consentsSigned: true } : {}),
      ...(guardianConsentSigned ? { guardianConsentSigned: true } : {}),
    },
    { alsoRecord: (trx, patient) => dependencies.linkEnrolledPatient(trx, patient.id, ehrIdentifiers) },
  ).catch(asSubmissionRefusal);
  const recorded: RecordedFact[] = [
    { fact: 'enrollment', id: enrolled.id, category, criterion, enrolledOn, ...(ehrIdentifiers.length === 0 ? {} : { linkedIdentifiers: ehrIdentifiers }) },
  ];
  recorded.push(...enrolled.consents.map((consent) => ({ fact: 'consent' as const, id: consent.id, kind: consent.kind, signedOn: consent.signedOn })));
  if (!consentsSigned) {
    notes.push({
      severity: 'warning',
      code: 'incomplete',
      text: `The consents were not recorded: every statement of the informed consent${category === 'PCGP' ? ' and of the consent about birth defects' : ''} must be affirmed. Record them on the patient's page once signed.`,
    });
  }

  // What follows is recorded on the enrolled patient, each part on its own: a refused part is said
  // in the outcome and leaves the enrollment and the other parts in place.
  const part = async (what: string, record: () => Promise<RecordedFact>) => {
    try {
      recorded.push(await record());
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === null) {
        throw error;
      }
      notes.push(...refusal.problems.map((problem) => ({ ...problem, severity: 'warning' as const, text: `${what} not recorded: ${problem.text}` })));
    }
  };
  if (category === 'PCGP') {
    const result = answers.choice('2.2');
    const testedOn = answers.date('2.3');
    if (result === undefined || testedOn === undefined) {
      notes.push({
        severity: 'warning',
        code: 'incomplete',
        text: "No screening pregnancy test in the response (items 2.2 and 2.3): record it on the patient's page.",
      });
    } else if (result !== PREGNANCY_NEGATIVE.code && result !== PREGNANCY_POSITIVE.code) {
      notes.push({
        severity: 'warning',
        code: 'code-invalid',
        text: `Screening test not recorded: "${result}" is not a result (SNOMED ${PREGNANCY_NEGATIVE.code} negative, ${PREGNANCY_POSITIVE.code} positive).`,
      });
    } else {
      await part('The screening pregnancy test', async () => {
        const done = await recordPregnancyTest(services, prescriber, enrolled.id, {
          kind: 'screening',
          specimenDate: testedOn,
          resultDate: testedOn,
          result: result === PREGNANCY_NEGATIVE.code ? 'negative' : 'positive',
          ...CLINIC_TEST_DEFAULT,
        });
        return { fact: 'pregnancyTest', id: done.id, kind: 'screening', result: done.test.result, specimenDate: testedOn };
      });
    }
  }
  const counseled = allAffirmed(answers.booleansUnder('9'));
  if (counseled) {
    // The web forms' default visit is in person; the form may say telehealth (9.10).
    const modality = answers.choice('9.10') === 'telehealth' ? 'telehealth' : 'inPerson';
    await part('The counseling', async () => {
      const done = await recordCounseling(services, prescriber, enrolled.id, { counseledOn: enrolledOn, modality });
      return { fact: 'counseling', id: done.id, counseledOn: done.counseledOn, modality: done.modality };
    });
  } else {
    notes.push({
      severity: 'warning',
      code: 'incomplete',
      text: 'The counseling was not recorded: the prescriber did not affirm every counseling statement (group 9).',
    });
  }
  return {
    case_number: enrolled.programId,
    patient: { reference: `Patient/${enrolled.id}` },
    questionnaire: submission.questionnaireId,
    recorded,
    ...(notes.length === 0 ? {} : { outcome: operationOutcome(notes) }),
  };
}

async function submitForPatient(services: Services, actor: Actor, submission: Submission, dependencies: SubmitDependencies): Promise<SubmitAnswer> {
  const { answers } = submission;
  const id = submission.questionnaireId;
  // The answers are read before anything is looked up or written.
  let record: (patientId: string) => Promise<RecordedFact[]>;
  if (id === 'isocourse-monthly-check') {
    const checkedOn = answers.date('checkedOn');
    const comprehensionPassed = answers.boolean('comprehensionPassed');
    const confirms = answers.boolean('confirmsSameContraception');
    throwIfAnswerProblems(answers);
    const on = required(checkedOn, 'checkedOn', 'The date');
    record = async (patientId) => {
      const done = await recordMonthlyCheck(services, actor, patientId, {
        checkedOn: on,
        ...(comprehensionPassed === undefined ? {} : { comprehensionPassed }),
        ...(confirms === true ? { confirmsSameContraception: true as const } : {}),
      });
      return [
        ...(done.comprehension === null ? [] : [{ fact: 'comprehension' as const, ...done.comprehension }]),
        ...(done.contraception === null ? [] : [{ fact: 'contraception' as const, ...done.contraception }]),
      ];
    };
  } else if (id === 'isocourse-contraception') {
    const declaredOn = answers.date('declaredOn');
    const methods = answers.choices('methods');
    const abstinence = answers.boolean('abstinence');
    const startedOn = answers.date('startedOn');
    const takesEnzymeInducer = answers.boolean('takesEnzymeInducer');
    throwIfAnswerProblems(answers);
    const unknown = methods.filter((method) => !isContraceptionMethod(method));
    if (unknown.length > 0) {
      refuse(422, 'code-invalid', `Not a method isocourse knows: ${unknown.join(', ')}.`, "QuestionnaireResponse.item.where(linkId='methods')");
    }
    const input = {
      declaredOn: required(declaredOn, 'declaredOn', 'The date of the declaration'),
      methods: methods.filter(isContraceptionMethod),
      abstinence: required(abstinence, 'abstinence', 'Whether she commits to abstinence'),
      startedOn: required(startedOn, 'startedOn', 'Since when'),
      ...(takesEnzymeInducer === undefined ? {} : { takesEnzymeInducer }),
    };
    record = async (patientId) => {
      const done = await recordContraception(services, actor, patientId, input);
      return [
        { fact: 'contraception', id: done.id, declaredOn: done.declaredOn, methods: done.methods, abstinence: done.abstinence, startedOn: done.startedOn },
      ];
    };
  } else if (id === 'isocourse-pregnancy-test') {
    const kind = answers.choice('kind');
    const result = answers.choice('result');
    const setting = answers.choice('setting');
    const specimenDate = answers.date('specimenDate');
    const resultDate = answers.date('resultDate');
    const clia = answers.boolean('clia');
    const sensitivity = answers.decimal('sensitivityMiuPerMl');
    throwIfAnswerProblems(answers);
    const kinds: PregnancyTestKind[] = ['screening', 'confirmation', 'monthly', 'endOfTreatment', 'postTreatment', 'unscheduled'];
    const results: PregnancyTestResult[] = ['negative', 'positive', 'invalid'];
    const testKind = kinds.find((candidate) => candidate === kind);
    const testResult = results.find((candidate) => candidate === result);
    if (testKind === undefined) {
      refuse(422, 'code-invalid', `Which test (kind) must be one of ${kinds.join(', ')}.`, "QuestionnaireResponse.item.where(linkId='kind')");
    }
    if (testResult === undefined) {
      refuse(422, 'code-invalid', `The result must be one of ${results.join(', ')}.`, "QuestionnaireResponse.item.where(linkId='result')");
    }
    if (setting !== 'lab' && setting !== 'clinic') {
      refuse(
        422,
        'code-invalid',
        "Where the test was done must be lab or clinic (a home test needs its evidence, entered on the patient's page).",
        "QuestionnaireResponse.item.where(linkId='setting')",
      );
    }
    const input = {
      kind: testKind,
      result: testResult,
      setting: setting === 'lab' ? ('lab' as const) : ('clinic' as const),
      specimenDate: required(specimenDate, 'specimenDate', 'The specimen date'),
      resultDate: required(resultDate, 'resultDate', 'The result date'),
      clia: required(clia, 'clia', 'Whether the laboratory is CLIA-certified or the test CLIA-waived'),
      ...(sensitivity === undefined ? {} : { sensitivityMiuPerMl: sensitivity }),
    };
    record = async (patientId) => {
      const done = await recordPregnancyTest(services, actor, patientId, input);
      return [
        { fact: 'pregnancyTest', id: done.id, kind: input.kind, result: input.result, specimenDate: input.specimenDate, opensWindow: done.window !== null },
      ];
    };
  } else if (id === 'isocourse-counseling') {
    const counseledOn = answers.date('counseledOn');
    const modality = answers.choice('modality');
    throwIfAnswerProblems(answers);
    if (modality !== 'inPerson' && modality !== 'telehealth') {
      refuse(422, 'code-invalid', 'The visit (modality) must be inPerson or telehealth.', "QuestionnaireResponse.item.where(linkId='modality')");
    }
    const on = required(counseledOn, 'counseledOn', 'The date of the counseling');
    const prescriber = await signingPrescriber(submission, dependencies);
    record = async (patientId) => {
      const done = await recordCounseling(services, prescriber, patientId, { counseledOn: on, modality });
      return [{ fact: 'counseling', id: done.id, counseledOn: done.counseledOn, modality: done.modality }];
    };
  } else {
    refuse(422, 'not-supported', `Questionnaire/${id} is not one a patient's facts are recorded from.`);
  }
  const patient = await existingPatient(services, actor, submission, dependencies);
  const recorded = await record(patient.id).catch(asSubmissionRefusal);
  return { case_number: patient.programId, patient: { reference: `Patient/${patient.id}` }, questionnaire: id, recorded };
}

/** The prescriber enrollment form: isocourse records certifications through its administrator. */
async function submitPrescriberEnrollment(services: Services, submission: Submission, dependencies: SubmitDependencies): Promise<never> {
  const npi = submission.answers.string('1.2');
  throwIfAnswerProblems(submission.answers);
  const prescriber = await dependencies.prescriberByNpi(required(npi, '1.2', 'The NPI'));
  const certified = await latestCertification(services, prescriber.userId);
  refuse(
    422,
    'business-rule',
    `Nothing was recorded: a prescriber's certification is recorded by the program's administrator in isocourse, not from a form. This prescriber is ${certified === undefined ? 'not certified yet' : `${certified.status} since ${certified.effective_on}`}.`,
  );
}

/**
 * Records what a completed questionnaire says. Throws SubmissionRefused (status and problems; nothing
 * recorded) when the response cannot be recorded at all; a refusal of a later part of the enrollment
 * form is in the answer's outcome, after what was recorded.
 */
export async function submitQuestionnaireResponse(services: Services, actor: Actor, body: unknown, dependencies: SubmitDependencies): Promise<SubmitAnswer> {
  const submission = unpack(body);
  try {
    if (submission.questionnaireId === 'IPledgeRemsPatientEnrollment') {
      return await submitEnrollment(services, submission, dependencies);
    }
    if (submission.questionnaireId === 'IPledgeRemsPrescriberEnrollmentForm') {
      return await submitPrescriberEnrollment(services, submission, dependencies);
    }
    return await submitForPatient(services, actor, submission, dependencies);
  } catch (error) {
    asSubmissionRefusal(error);
  }
}
