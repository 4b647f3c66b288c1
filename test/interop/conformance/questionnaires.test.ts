// Conformance replay of ../shared/interop-examples/questionnaires (issue 11 item 6): what the
// reference SMART app sends for $questionnaire-package and QuestionnaireResponse/$submit, replayed as
// sent, and the facts isocourse recorded compared with what the form says. The Questionnaires the
// reference administrator serves are compared by structure: every question isocourse asks under a
// reference linkId is the same question type there, so a response built on either form reads alike.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Bundle, Parameters, Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import type { SubmitAnswer } from '../../../src/interop/fhir/submitResponse.js';
import { startTestApi, TEST_NPIS, type TestApi } from '../../support/api.js';
import { assertValidFhir } from '../../support/fhirValidation.js';
import { registerInteropClient, type InteropHttpClient, type InteropResponse } from '../../support/interopClients.js';
import { describeWithExamples, readExample, readJsonExample } from '../../support/interopExamples.js';

const DIR = 'questionnaires';
/** The NPI of Practitioner pra1234 in the examples (Jane Betty Doe): the test practice's prescriber has it. */
const EXAMPLE_NPI = TEST_NPIS.prescriber;

function outcomeText(res: InteropResponse): string {
  assert.equal(res.body.resourceType, 'OperationOutcome', res.text);
  assertValidFhir(res.body);
  return (res.body.issue as { details?: { text?: string } }[]).map((issue) => issue.details?.text ?? '').join(' | ');
}

function leaves(items: QuestionnaireItem[] | undefined): Map<string, QuestionnaireItem['type']> {
  const found = new Map<string, QuestionnaireItem['type']>();
  for (const item of items ?? []) {
    found.set(item.linkId, item.type);
    for (const [linkId, type] of leaves(item.item)) {
      found.set(linkId, type);
    }
  }
  return found;
}

describeWithExamples('questionnaires: the reference SMART app against isocourse', () => {
  let api: TestApi;
  let ehr: InteropHttpClient;

  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
    ehr = (await registerInteropClient(api, { kind: 'practice', scopes: ['system/Questionnaire.rs', 'system/QuestionnaireResponse.c'] })).client;
  });
  after(() => api.close());

  for (const [id, file] of [
    ['IPledgeRemsPatientEnrollment', 'Questionnaire-R4-IPledge.json'],
    ['IPledgeRemsPrescriberEnrollmentForm', 'Questionnaire-R4-PrescriberEnrollment-IPledge.json'],
  ] as const) {
    test(`$questionnaire-package of ${id}: a Parameters returning a collection Bundle with the form last, its questions those of the reference form`, async () => {
      // The SMART app's request as sent (order + coverage), raw bytes.
      const res = await ehr.raw(
        'POST',
        `/fhir/r4/Questionnaire/${id}/$questionnaire-package`,
        readExample(`${DIR}/questionnaire-package_input_rems-smart-on-fhir.reconstructed.json`),
        'application/fhir+json',
      );
      assert.equal(res.status, 200, res.text);
      const answer = res.body as Parameters;
      assert.equal(answer.resourceType, 'Parameters');
      assertValidFhir(answer);
      const returned = answer.parameter?.find((parameter) => parameter.name === 'return')?.resource as Bundle | undefined;
      assert.equal(returned?.resourceType, 'Bundle');
      assert.equal(returned.type, 'collection');
      const form = returned.entry?.at(-1)?.resource as Questionnaire | undefined;
      assert.equal(form?.resourceType, 'Questionnaire');
      assert.equal(form.id, id);

      const reference = readJsonExample(`${DIR}/${file}`) as Questionnaire;
      assert.equal(reference.id, id);
      const theirs = leaves(reference.item);
      const ours = leaves(form.item);
      const shared = [...ours].filter(([linkId]) => theirs.has(linkId));
      assert.ok(shared.length >= 3, 'isocourse asks the reference questions under their linkIds');
      for (const [linkId, type] of shared) {
        assert.equal(type, theirs.get(linkId), `item ${linkId} is a ${String(theirs.get(linkId))} in the reference form`);
      }
    });
  }

  test("$submit of the SMART app's message Bundle enrolls the patient through the enrollment use case, with the case number", async () => {
    const sent = await ehr.raw(
      'POST',
      '/fhir/r4/QuestionnaireResponse/$submit',
      readExample(`${DIR}/submit_request_IPledgeRemsPatientEnrollment_rems-smart-on-fhir.reconstructed.json`),
      'application/fhir+json',
    );
    assert.equal(sent.status, 201, sent.text);
    const answer = sent.body as SubmitAnswer;
    assert.match(answer.case_number, /^[A-Z0-9]{10}$/);
    if (answer.outcome !== undefined) {
      assertValidFhir(answer.outcome);
    }

    const patient = await api.services.db.selectFrom('patients').selectAll().where('program_id', '=', answer.case_number).executeTakeFirstOrThrow();
    assert.deepEqual(answer.patient, { reference: `Patient/${patient.id}` });
    // The form: Jon (S) Snow, born 1996-06-01, cannot get pregnant (cis-male), consents affirmed, counseled.
    assert.deepEqual(
      [patient.given_name, patient.family_name, patient.birth_date, patient.prescriber_id, patient.practice_id],
      ['Jon', 'Snow', '1996-06-01', api.ids.users.prescriber, api.ids.practiceId],
    );
    const category = await api.services.db
      .selectFrom('category_assignments')
      .select(['category', 'criterion', 'effective_on'])
      .where('patient_id', '=', patient.id)
      .execute();
    assert.deepEqual(category, [{ category: 'PCNGP', criterion: 'assignedMaleAtBirth', effective_on: '2025-03-03' }]);
    const consents = await api.services.db.selectFrom('consents').select(['kind', 'signed_on']).where('patient_id', '=', patient.id).execute();
    assert.deepEqual(consents, [{ kind: 'general', signed_on: '2025-03-03' }]);
    const counseling = await api.services.db
      .selectFrom('counseling_attestations')
      .select(['prescriber_id', 'counseled_on', 'modality'])
      .where('patient_id', '=', patient.id)
      .execute();
    assert.deepEqual(counseling, [{ prescriber_id: api.ids.users.prescriber, counseled_on: '2025-03-03', modality: 'inPerson' }]);
    assert.deepEqual(
      answer.recorded.map((fact) => fact.fact),
      ['enrollment', 'consent', 'counseling'],
    );
    const audit = await api.services.db.selectFrom('audit_events').select('action').where('patient_id', '=', patient.id).orderBy('id').execute();
    // The reference EHR's Patient (pat017) carries its Medicare id: linked to her with the enrollment,
    // so that EHR's next hook naming her by it alone finds her.
    assert.deepEqual(
      audit.map((row) => row.action),
      ['patient.enroll', 'consent.record', 'patient_link.create', 'counseling.record'],
    );
    const links = await api.services.db
      .selectFrom('patient_links')
      .select(['identifier_system', 'identifier_value', 'basis'])
      .where('patient_id', '=', patient.id)
      .execute();
    assert.deepEqual(links, [{ identifier_system: 'http://hl7.org/fhir/sid/us-medicare', identifier_value: '0V843229061TB', basis: 'enrollment' }]);

    // The bare response as sent names its author Practitioner/pra1234 only, a resource of the EHR that
    // is not in the request: no NPI, so no prescriber signs it.
    const response = readJsonExample(`${DIR}/QuestionnaireResponse-IPledgeRemsPatientEnrollment-pat017.reconstructed.json`);
    const unsigned = await ehr.post('/fhir/r4/QuestionnaireResponse/$submit', response);
    assert.equal(unsigned.status, 422);
    assert.match(outcomeText(unsigned), /signed by the prescriber: name her in QuestionnaireResponse.author by NPI/);
    assert.deepEqual(unsigned.body.issue[0].expression, ['QuestionnaireResponse.author']);

    // The same form again, its author named by NPI: a probable duplicate, refused as the web enrollment refuses it.
    const signed = {
      ...(response as object),
      author: { reference: 'Practitioner/pra1234', identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: EXAMPLE_NPI } },
    };
    const again = await ehr.post('/fhir/r4/QuestionnaireResponse/$submit', signed);
    assert.equal(again.status, 409);
    assert.match(outcomeText(again), /may be a patient already enrolled: Jon Snow, born 1996-06-01/);
    // The SMART app keeps the case number on the EHR's Patient (identifier system
    // http://hl7.org/fhir/sid/rems-case); its next message about her finds her by it.
    const next = readJsonExample(`${DIR}/submit_request_IPledgeRemsPatientEnrollment_rems-smart-on-fhir.reconstructed.json`) as Bundle;
    for (const entry of next.entry ?? []) {
      if (entry.resource?.resourceType === 'Patient') {
        entry.resource.identifier = [...(entry.resource.identifier ?? []), { system: 'http://hl7.org/fhir/sid/rems-case', value: answer.case_number }];
      }
      if (entry.resource?.resourceType === 'QuestionnaireResponse') {
        entry.resource.questionnaire = 'https://isocourse.dev/fhir/Questionnaire/isocourse-monthly-check';
        entry.resource.item = [
          { linkId: 'checkedOn', answer: [{ valueDate: '2025-03-10' }] },
          { linkId: 'comprehensionPassed', answer: [{ valueBoolean: true }] },
        ];
      }
    }
    const monthly = await ehr.post('/fhir/r4/QuestionnaireResponse/$submit', next);
    assert.equal(monthly.status, 201, monthly.text);
    assert.equal(monthly.body.case_number, answer.case_number);
    assert.deepEqual(
      monthly.body.recorded.map((fact: { fact: string }) => fact.fact),
      ['comprehension'],
    );

    const count = await api.services.db
      .selectFrom('patients')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('birth_date', '=', '1996-06-01')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  test('$submit signed by an NPI the practice does not know enrolls no one', async () => {
    const response = readJsonExample(`${DIR}/QuestionnaireResponse-IPledgeRemsPatientEnrollment-pat017.reconstructed.json`);
    const otherPrescriber = { ...(response as object), author: { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1999999999' } } };
    const refused = await ehr.post('/fhir/r4/QuestionnaireResponse/$submit', otherPrescriber);
    assert.equal(refused.status, 403);
    assert.match(outcomeText(refused), /No prescriber of this practice has the NPI 1999999999/);
  });
});
