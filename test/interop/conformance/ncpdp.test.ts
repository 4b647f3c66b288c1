// Conformance: every SCRIPT request of ../shared/interop-examples/ncpdp/ (as the reference EHR and
// pharmacy system send them) replayed against the real server, and each answer compared with the
// reference administrator's answer: message type, Approved/Denied/Closed, REMSCaseID, the
// authorization number and period, the reason code — the structure and key fields, never bytes.
//
// The files carry the reference's test patient (Jon Snow, born 1996-06-01, case a24e73e53b2),
// prescriber (NPI 1122334455) and pharmacy ("Pharmacy 123"). isocourse issues its own program
// identifiers, so where a file's case number must name an enrolled patient, it is replaced by that
// patient's program identifier before the replay; nothing else of a file is changed, except where
// a test says so and why.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, test } from 'node:test';
import { at, readXml, textAt, type XmlElement } from '../../../src/interop/ncpdp/xml.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { describeWithExamples, readExample } from '../../support/interopExamples.js';
import { registerInteropClient, type RegisteredInteropClient } from '../../support/interopClients.js';
import { assertStatus, confirmCounseling, enrollPatient, lookupOf, pcngpVisit, type Patient } from '../../support/journeys.js';

const FILES = 'ncpdp';
const REFERENCE_CASE = 'a24e73e53b2';
const REFERENCE_BIRTH_DATE = '1996-06-01';
const REFERENCE_NPI = '1122334455';
const REFERENCE_PHARMACY = 'Pharmacy 123';
/** The day of the reference REMSRequest and RxFill (2025-03-05T14:00Z, 16:00Z). */
const FILL_DAY = '2025-03-05';

/** The key fields of a SCRIPT answer, read case-insensitively (the reference lowercases the parts it echoes). */
interface Shape {
  type: string | undefined;
  status: string | undefined;
  caseId: string | undefined;
  authorizationNumber: string | undefined;
  effective: string | undefined;
  expiration: string | undefined;
  reasonCode: string | undefined;
  remsPatientId: string | undefined;
  code: string | undefined;
  hasDescription: boolean;
}

function shapeOf(xml: string): Shape {
  const root = readXml(xml);
  const body: XmlElement | undefined = at(root, 'Body')?.children[0];
  const status = at(body, 'Response/ResponseStatus')?.children[0];
  return {
    type: body?.name,
    status: status?.name,
    caseId: textAt(status, 'REMSCaseID'),
    authorizationNumber: textAt(status, 'REMSAuthorizationNumber'),
    effective: textAt(status, 'AuthorizationPeriod/EffectiveDate/Date'),
    expiration: textAt(status, 'AuthorizationPeriod/ExpirationDate/Date'),
    reasonCode: textAt(status, 'DeniedReasonCode') ?? textAt(status, 'ReasonCode'),
    remsPatientId: textAt(body, 'Patient/HumanPatient/Identification/REMSPatientID'),
    code: textAt(body, 'Code'),
    hasDescription: textAt(body, 'Description') !== undefined || textAt(status, 'REMSNote') !== undefined,
  };
}

const reference = (file: string): Shape => shapeOf(readExample(`${FILES}/${file}`));

describeWithExamples('NCPDP SCRIPT conformance: the reference requests replayed, the answers compared with the reference answers', () => {
  let api: TestApi;
  let ehr: RegisteredInteropClient;
  let pharmacySystem: RegisteredInteropClient;

  before(async () => {
    api = await startTestApi();
    api.today(FILL_DAY);
    ehr = await registerInteropClient(api, { kind: 'practice' });
    pharmacySystem = await registerInteropClient(api, { kind: 'pharmacy' });
    await api.services.db.updateTable('users').set({ npi: REFERENCE_NPI }).where('id', '=', api.ids.users.prescriber).execute();
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.pharmacyId}/pharmacy-identifiers`, { ncpdpId: REFERENCE_PHARMACY }), 200, 'NCPDPID');
  });
  after(() => api.close());

  async function replay(
    from: RegisteredInteropClient,
    file: string,
    change: (xml: string) => string = (xml) => xml,
  ): Promise<{ status: number; text: string; shape: Shape }> {
    const response = await from.client.raw('POST', '/ncpdp/script', change(readExample(`${FILES}/${file}`)), 'application/xml');
    assert.match(String(response.headers['content-type']), /xml/, `${file}: answered in XML`);
    return { status: response.status, text: response.text, shape: shapeOf(response.text) };
  }

  const asPatient = (patient: Patient) => (xml: string) => xml.replaceAll(REFERENCE_CASE, patient.programId);

  async function referencePatient(category: 'PCNGP' | 'PCGP' = 'PCNGP'): Promise<Patient> {
    return enrollPatient(api, { category, enrolledOn: FILL_DAY, birthDate: REFERENCE_BIRTH_DATE });
  }

  const rows = async (table: 'prescriptions' | 'authorizations' | 'dispenses'): Promise<number> =>
    Number((await sql<{ count: string }>`SELECT count(*) AS count FROM ${sql.table(table)}`.execute(api.services.db)).rows[0]?.count);

  test('rems-request_pims as sent (case a24e73e53b2, unknown here) → Denied EC with the case number, like rems-response_denied-EC', async () => {
    const expected = reference('rems-response_denied-EC_rems-admin.reconstructed.xml');
    const { status, shape, text } = await replay(pharmacySystem, 'rems-request_pims.reconstructed.xml');
    assert.equal(status, 200, text);
    assert.deepEqual(
      { type: shape.type, status: shape.status, caseId: shape.caseId, reasonCode: shape.reasonCode, note: shape.hasDescription },
      { type: expected.type, status: expected.status, caseId: expected.caseId, reasonCode: expected.reasonCode, note: true },
    );
  });

  test('rems-request_pims for a patient whose requirements are not met → Denied EM, like rems-response_denied-EM', async () => {
    const expected = reference('rems-response_denied-EM_rems-admin.reconstructed.xml');
    const patient = await referencePatient('PCGP');
    const { shape, text } = await replay(pharmacySystem, 'rems-request_pims.reconstructed.xml', asPatient(patient));
    assert.deepEqual(
      { type: shape.type, status: shape.status, reasonCode: shape.reasonCode },
      { type: expected.type, status: expected.status, reasonCode: expected.reasonCode },
      text,
    );
    assert.equal(shape.caseId, patient.programId);
  });

  test('rems-request_pims when the prescriber has not counseled this month → Denied ES, like rems-response_denied-ES', async () => {
    const expected = reference('rems-response_denied-ES_rems-admin.reconstructed.xml');
    const patient = await referencePatient();
    await pcngpVisit(api, patient, FILL_DAY, { counsel: false });
    const { shape, text } = await replay(pharmacySystem, 'rems-request_pims.reconstructed.xml', asPatient(patient));
    assert.deepEqual(
      { type: shape.type, status: shape.status, reasonCode: shape.reasonCode },
      { type: expected.type, status: expected.status, reasonCode: expected.reasonCode },
      text,
    );
  });

  test('rems-request_pims when another pharmacy holds the authorization → Denied EO, like rems-response_denied-EO', async () => {
    const expected = reference('rems-response_denied-EO_rems-admin.reconstructed.xml');
    const patient = await referencePatient();
    const prescriptionId = await pcngpVisit(api, patient, FILL_DAY);
    assertStatus(await api.as('otherPharmacist').post('/authorizations', { ...lookupOf(patient), prescriptionId }), 201, "the other pharmacy's authorization");
    const { shape, text } = await replay(pharmacySystem, 'rems-request_pims.reconstructed.xml', asPatient(patient));
    assert.deepEqual(
      { type: shape.type, status: shape.status, reasonCode: shape.reasonCode },
      { type: expected.type, status: expected.status, reasonCode: expected.reasonCode },
      text,
    );
  });

  test('the chain NewRx → REMSRequest → RxFill, as the reference EHR and pharmacy system send it: recorded, Approved like rems-response_approved, Status 000 like rxfill-ack_status', async () => {
    const patient = await referencePatient();
    assertStatus(await confirmCounseling(api, patient, FILL_DAY), 201, 'counseling');
    const before = { prescriptions: await rows('prescriptions'), dispenses: await rows('dispenses') };

    // NewRx as the request generator sends it: refused, recording nothing, because the program
    // forbids what it says (no DaysSupply stated, three refills, written in 2020).
    const asSent = await replay(ehr, 'newrx_isotretinoin_request-generator-2017071.reconstructed.xml', asPatient(patient));
    assert.equal(asSent.shape.type, 'Error', asSent.text);
    assert.match(asSent.text, /DaysSupply/);
    // The same NewRx written within the program's rules (30 days, no refills, dated today) is recorded.
    const withinRules = (xml: string) =>
      asPatient(patient)(xml)
        .replace('<NumberOfRefills>3</NumberOfRefills>', '<NumberOfRefills>0</NumberOfRefills>')
        .replace('<WrittenDate><Date>2020-07-11</Date></WrittenDate>', `<WrittenDate><Date>${FILL_DAY}</Date></WrittenDate><DaysSupply>30</DaysSupply>`);
    const recorded = await replay(ehr, 'newrx_isotretinoin_request-generator-2017071.reconstructed.xml', withinRules);
    assert.deepEqual({ type: recorded.shape.type, code: recorded.shape.code }, { type: 'Status', code: '000' }, recorded.text);
    assert.equal(await rows('prescriptions'), before.prescriptions + 1);

    const expected = reference('rems-response_approved_rems-admin.reconstructed.xml');
    const approved = await replay(pharmacySystem, 'rems-request_pims.reconstructed.xml', asPatient(patient));
    assert.deepEqual({ type: approved.shape.type, status: approved.shape.status }, { type: expected.type, status: expected.status }, approved.text);
    assert.equal(approved.shape.caseId, patient.programId);
    assert.ok(approved.shape.authorizationNumber, 'an authorization number');
    assert.ok(expected.effective !== undefined && expected.expiration !== undefined);
    assert.equal(approved.shape.effective, FILL_DAY);
    assert.ok((approved.shape.expiration ?? '') >= FILL_DAY, 'the do-not-dispense-after date');

    // The RxFill names the NewRx (RelatesToMessageID 1741014000000) and carries no case number.
    const ack = reference('rxfill-ack_status_rems-admin.reconstructed.xml');
    const filled = await replay(pharmacySystem, 'rxfill_pims.reconstructed.xml');
    assert.deepEqual({ type: filled.shape.type, code: filled.shape.code }, { type: ack.type, code: ack.code }, filled.text);
    assert.equal(textAt(readXml(filled.text), 'Header/RelatesToMessageID'), '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e');
    assert.equal(await rows('dispenses'), before.dispenses + 1);
    // Sent again (the pharmacy system sends it to the EHR and to the administrator): the same answer, one dispense.
    const again = await replay(pharmacySystem, 'rxfill_pims.reconstructed.xml');
    assert.equal(again.shape.code, '000');
    assert.equal(await rows('dispenses'), before.dispenses + 1);
  });

  test('newrx_isotretinoin_pims-legacy-fixture (no version, Names/Name, RxNorm 6064 with a URL qualifier) is read, and refused for what it lacks', async () => {
    const before = await rows('prescriptions');
    const { status, shape, text } = await replay(ehr, 'newrx_isotretinoin_pims-legacy-fixture.xml');
    assert.equal(status, 400, text);
    assert.equal(shape.type, 'Error');
    // Isotretinoin was recognised (the refusal is about the prescription's terms, not the drug).
    assert.match(text, /lacks WrittenDate\/Date, DaysSupply/);
    assert.equal(await rows('prescriptions'), before);
  });

  test('rems-initiation-request_pims (no name, no case number) → Closed with a reason code, like rems-initiation-response_closed-EM; with the case number → open, like rems-initiation-response_success', async () => {
    const closedReference = reference('rems-initiation-response_closed-EM_rems-admin.reconstructed.xml');
    const closed = await replay(pharmacySystem, 'rems-initiation-request_pims.reconstructed.xml');
    assert.deepEqual(
      { type: closed.shape.type, status: closed.shape.status, note: closed.shape.hasDescription },
      { type: closedReference.type, status: closedReference.status, note: true },
      closed.text,
    );
    // The reference says EM ("patient must enroll") because it matches on a name the request lacks;
    // isocourse cannot know she is not enrolled, so it says which facts are missing (EC).
    assert.equal(closed.shape.reasonCode, 'EC');
    assert.equal(closedReference.reasonCode, 'EM');

    const successReference = reference('rems-initiation-response_success_rems-admin.reconstructed.xml');
    const patient = await referencePatient();
    await pcngpVisit(api, patient, FILL_DAY);
    const withCase = (xml: string) =>
      xml.replace('<Identification></Identification>', `<Identification><REMSPatientID>${patient.programId}</REMSPatientID></Identification>`);
    const open = await replay(pharmacySystem, 'rems-initiation-request_pims.reconstructed.xml', withCase);
    assert.deepEqual({ type: open.shape.type, status: open.shape.status }, { type: successReference.type, status: successReference.status }, open.text);
    assert.equal(successReference.remsPatientId, REFERENCE_CASE);
    assert.equal(open.shape.remsPatientId, patient.programId);
  });

  test('an unknown message type (the REMSRequest file renamed) → Error with a code and description, like error_unknown-message', async () => {
    const expected = reference('error_unknown-message_rems-admin.reconstructed.xml');
    const { status, shape, text } = await replay(pharmacySystem, 'rems-request_pims.reconstructed.xml', (xml) =>
      xml.replaceAll('REMSRequest>', 'REMSUnknownRequest>'),
    );
    assert.equal(status, 400, text);
    assert.deepEqual(
      { type: shape.type, code: shape.code !== undefined, description: shape.hasDescription },
      { type: expected.type, code: true, description: true },
    );
  });
});
