// NCPDP SCRIPT at POST /ncpdp/script, as an EHR and a pharmacy system use it: NewRx records the
// prescription, REMSRequest is the pharmacy's authorization request (same engine, lock and
// idempotency as the web), RxFill records the dispense; every refusal is a SCRIPT Error and records
// nothing. CI runs this file on both databases.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { at, readXml, textAt, type XmlElement } from '../../src/interop/ncpdp/xml.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { storedRows } from '../support/routes.js';
import { registerInteropClient, interopHttpClient, type RegisteredInteropClient } from '../support/interopClients.js';
import { assertStatus, confirmCounseling, enrollPatient, lookupOf, pcngpVisit, type Patient } from '../support/journeys.js';

const ON = '2025-03-10';
const PRESCRIBER_NPI = '1122334455';
const PHARMACY_NCPDPID = '3312345';
const OTHER_PHARMACY_NCPDPID = '3376543';
const SENT = `${ON}T15:00:00.000Z`;

const VERSION = (label: string) =>
  `DatatypesVersion="${label}" TransportVersion="${label}" TransactionDomain="SCRIPT" TransactionVersion="${label}" StructuresVersion="${label}" ECLVersion="${label}"`;

interface NewRxOptions {
  messageId?: string;
  caseNumber?: string | null;
  birthDate: string;
  pharmacyNcpdpId?: string | null;
  npi?: string;
  drug?: string;
  quantity?: number;
  daysSupply?: number | null;
  refills?: number;
  writtenOn?: string;
  orderNumber?: string;
  givenName?: string;
}

function newRx(options: NewRxOptions): string {
  const caseNumber = options.caseNumber === undefined ? null : options.caseNumber;
  return `<Message ${VERSION('2017071')} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Header>
    <To Qualifier="P">${options.pharmacyNcpdpId ?? PHARMACY_NCPDPID}</To>
    <From Qualifier="C">${options.npi ?? PRESCRIBER_NPI}</From>
    <MessageID>${options.messageId ?? randomUUID()}</MessageID>
    ${caseNumber === null ? '' : `<AuthorizationNumber>${caseNumber}</AuthorizationNumber>`}
    <SentTime>${SENT}</SentTime>
    <PrescriberOrderNumber>${options.orderNumber ?? randomUUID()}</PrescriberOrderNumber>
  </Header>
  <Body><NewRx>
    <Patient><HumanPatient><Name><LastName>Patient</LastName><FirstName>${options.givenName ?? 'Test'}</FirstName></Name>
      <DateOfBirth><Date>${options.birthDate}</Date></DateOfBirth></HumanPatient></Patient>
    ${options.pharmacyNcpdpId === null ? '' : `<Pharmacy><Identification><NCPDPID>${options.pharmacyNcpdpId ?? PHARMACY_NCPDPID}</NCPDPID></Identification><BusinessName>Test Pharmacy</BusinessName></Pharmacy>`}
    <Prescriber><NonVeterinarian><Identification><NPI>${options.npi ?? PRESCRIBER_NPI}</NPI></Identification></NonVeterinarian></Prescriber>
    <MedicationPrescribed>
      <DrugDescription>Claravis 40 MG Oral Capsule</DrugDescription>
      ${options.drug ?? '<DrugCoded><ProductCode><Code>0245-0571-01</Code><Qualifier>ND</Qualifier></ProductCode></DrugCoded>'}
      <Quantity><Value>${options.quantity ?? 30}</Value><CodeListQualifier>38</CodeListQualifier></Quantity>
      ${options.daysSupply === null ? '' : `<DaysSupply>${options.daysSupply ?? 30}</DaysSupply>`}
      <WrittenDate><Date>${options.writtenOn ?? ON}</Date></WrittenDate>
      <Substitutions>0</Substitutions>
      <NumberOfRefills>${options.refills ?? 0}</NumberOfRefills>
      <Sig><SigText>One capsule a day with a meal</SigText></Sig>
    </MedicationPrescribed>
  </NewRx></Body>
</Message>`;
}

function remsRequest(options: {
  messageId?: string;
  caseId?: string | null;
  birthDate?: string | null;
  pharmacyNcpdpId?: string;
  orderNumber?: string;
}): string {
  return `<Message ${VERSION('2024011')}>
  <Header>
    <To Qualifier="ZZZ">0245-0571-01</To>
    <From Qualifier="REMS">${options.pharmacyNcpdpId ?? PHARMACY_NCPDPID}</From>
    <MessageID>${options.messageId ?? randomUUID()}</MessageID>
    <SentTime>${SENT}</SentTime>
    ${options.orderNumber === undefined ? '' : `<PrescriberOrderNumber>${options.orderNumber}</PrescriberOrderNumber>`}
  </Header>
  <Body><REMSRequest>
    <REMSReferenceID>${randomUUID().replaceAll('-', '')}</REMSReferenceID>
    <Patient><HumanPatient><Name><LastName>Patient</LastName><FirstName>Test</FirstName></Name>
      ${options.birthDate === null ? '' : `<DateOfBirth><Date>${options.birthDate}</Date></DateOfBirth>`}</HumanPatient></Patient>
    <Pharmacy><Identification><NCPDPID>${options.pharmacyNcpdpId ?? PHARMACY_NCPDPID}</NCPDPID></Identification></Pharmacy>
    <MedicationPrescribed><DrugDescription>Claravis 40 MG Oral Capsule</DrugDescription>
      <DrugCoded><ProductCode><Code>0245-0571-01</Code><Qualifier>ND</Qualifier></ProductCode></DrugCoded></MedicationPrescribed>
    <Request><SolicitedModel>${options.caseId === null ? '' : `<REMSCaseID>${options.caseId}</REMSCaseID>`}</SolicitedModel></Request>
  </REMSRequest></Body>
</Message>`;
}

function rxFill(options: { messageId?: string; relatesTo?: string; caseNumber?: string; birthDate: string; status?: string; quantity?: number }): string {
  return `<Message ${VERSION('20170715')}>
  <Header>
    <To Qualifier="C">${PRESCRIBER_NPI}</To>
    <From Qualifier="P">${PHARMACY_NCPDPID}</From>
    <MessageID>${options.messageId ?? randomUUID()}</MessageID>
    ${options.relatesTo === undefined ? '' : `<RelatesToMessageID>${options.relatesTo}</RelatesToMessageID>`}
    <SentTime>${SENT}</SentTime>
  </Header>
  <Body><RxFill>
    <FillStatus><${options.status ?? 'Dispensed'}><Note>Picked up</Note></${options.status ?? 'Dispensed'}></FillStatus>
    <Patient><HumanPatient>${options.caseNumber === undefined ? '' : `<Identification><REMSPatientID>${options.caseNumber}</REMSPatientID></Identification>`}
      <Name><LastName>Patient</LastName><FirstName>Test</FirstName></Name>
      <DateOfBirth><Date>${options.birthDate}</Date></DateOfBirth></HumanPatient></Patient>
    <Pharmacy><Identification><NCPDPID>${PHARMACY_NCPDPID}</NCPDPID></Identification></Pharmacy>
    <MedicationDispensed><DrugDescription>Claravis 40 MG Oral Capsule</DrugDescription>
      <DrugCoded><ProductCode><Code>0245-0571-01</Code><Qualifier>ND</Qualifier></ProductCode></DrugCoded>
      <Quantity><Value>${options.quantity ?? 30}</Value></Quantity></MedicationDispensed>
  </RxFill></Body>
</Message>`;
}

interface ScriptReply {
  status: number;
  root: XmlElement;
  body: XmlElement | undefined;
  text: string;
  contentType: string;
}

describe('NCPDP SCRIPT at /ncpdp/script', () => {
  let api: TestApi;
  let ehr: RegisteredInteropClient;
  let pharmacySystem: RegisteredInteropClient;
  let otherPharmacySystem: RegisteredInteropClient;

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    ehr = await registerInteropClient(api, { kind: 'practice' });
    pharmacySystem = await registerInteropClient(api, { kind: 'pharmacy' });
    otherPharmacySystem = await registerInteropClient(api, { kind: 'pharmacy', organizationId: api.ids.otherPharmacyId });
    // What an administrator records: the prescriber's NPI, each pharmacy's NCPDP Provider ID.
    await api.services.db.updateTable('users').set({ npi: PRESCRIBER_NPI }).where('id', '=', api.ids.users.prescriber).execute();
    assertStatus(
      await api.as('admin').post(`/organizations/${api.ids.pharmacyId}/pharmacy-identifiers`, { ncpdpId: PHARMACY_NCPDPID, npi: '1234567893' }),
      200,
      'NCPDPID',
    );
    assertStatus(
      await api.as('admin').post(`/organizations/${api.ids.otherPharmacyId}/pharmacy-identifiers`, { ncpdpId: OTHER_PHARMACY_NCPDPID }),
      200,
      'NCPDPID',
    );
  });
  after(() => api.close());

  async function send(from: RegisteredInteropClient | null, xml: string, contentType = 'application/xml'): Promise<ScriptReply> {
    const http = from === null ? interopHttpClient(api, null) : from.client;
    const response = await http.raw('POST', '/ncpdp/script', xml, contentType);
    const root = readXml(response.text);
    return { status: response.status, root, body: at(root, 'Body')?.children[0], text: response.text, contentType: String(response.headers['content-type']) };
  }

  function assertError(reply: ScriptReply, status: number, description: RegExp): void {
    assert.equal(reply.status, status, reply.text);
    assert.equal(reply.body?.name, 'Error', reply.text);
    assert.match(reply.contentType, /xml/);
    assert.ok(textAt(reply.body, 'Code'), 'an Error has a Code');
    assert.match(textAt(reply.body, 'Description') ?? '', description);
  }

  const count = async (table: 'prescriptions' | 'authorizations' | 'dispenses', patientId: string): Promise<number> => {
    const condition =
      table === 'dispenses'
        ? sql`WHERE authorization_id IN (SELECT id FROM authorizations WHERE patient_id = ${patientId})`
        : sql`WHERE patient_id = ${patientId}`;
    const result = await sql<{ count: string }>`SELECT count(*) AS count FROM ${sql.table(table)} ${condition}`.execute(api.services.db);
    return Number(result.rows[0]?.count);
  };

  /** A PCNGP patient counseled today: everything but the prescription. */
  async function counseledPatient(): Promise<Patient> {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
    assertStatus(await confirmCounseling(api, patient, ON), 201, 'counseling');
    return patient;
  }

  describe('NewRx', () => {
    test('records the prescription for the patient its case number names, as the prescriber of its NPI, routed to the pharmacy it names; the same message again changes nothing', async () => {
      const patient = await counseledPatient();
      const message = newRx({ caseNumber: patient.programId, birthDate: patient.birthDate });
      const reply = await send(ehr, message);
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body?.name, 'Status');
      assert.equal(textAt(reply.body, 'Code'), '000');
      assert.match(textAt(reply.body, 'Description') ?? '', /Prescription recorded .* routed to Test Pharmacy\. It can be filled now/);
      const stored = await api.services.db.selectFrom('prescriptions').selectAll().where('patient_id', '=', patient.id).execute();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.prescriber_id, api.ids.users.prescriber);
      assert.equal(stored[0].pharmacy_id, api.ids.pharmacyId);
      assert.deepEqual(
        {
          product: stored[0].product,
          strength: stored[0].strength_mg,
          perDay: stored[0].capsules_per_day,
          days: stored[0].days_supply,
          quantity: stored[0].quantity,
        },
        { product: 'claravis', strength: 40, perDay: 1, days: 30, quantity: 30 },
      );
      // The pharmacy it names sees it in its queue.
      const queue = await api.as('pharmacist').get('/pharmacy/queue');
      assert.ok(JSON.stringify(queue.body).includes(stored[0].id));

      const again = await send(ehr, message);
      assert.equal(again.status, 200);
      assert.equal(textAt(again.body, 'Description'), textAt(reply.body, 'Description'));
      assert.equal(await count('prescriptions', patient.id), 1);
    });

    test('the same NewRx sent eight times at once: one prescription, the same answer every time', async () => {
      const patient = await counseledPatient();
      const message = newRx({ caseNumber: patient.programId, birthDate: patient.birthDate });
      const replies = await Promise.all(Array.from({ length: 8 }, () => send(ehr, message)));
      assert.deepEqual(
        new Set(replies.map((reply) => `${reply.status} ${textAt(reply.body, 'Description')}`)).size,
        1,
        replies.map((reply) => reply.text).join('\n'),
      );
      assert.equal(textAt(replies[0]?.body, 'Code'), '000');
      assert.equal(await count('prescriptions', patient.id), 1);
      const links = await api.services.db
        .selectFrom('ncpdp_new_rx')
        .select('prescription_id')
        .where('message_id', '=', textAt(readXml(message), 'Header/MessageID') ?? '')
        .execute();
      assert.equal(links.length, 1);
    });

    test('the case number in MedicationPrescribed/REMSAuthorizationNumber, and isotretinoin coded only as an RxNorm SCD, are understood', async () => {
      const patient = await counseledPatient();
      const message = newRx({
        caseNumber: null,
        birthDate: patient.birthDate,
        drug: '<DrugCoded><DrugDBCode><Code>197845</Code><Qualifier>SCD</Qualifier></DrugDBCode></DrugCoded>',
      }).replace('<Sig>', `<REMSAuthorizationNumber>${patient.programId}</REMSAuthorizationNumber><Sig>`);
      const reply = await send(ehr, message);
      assert.equal(textAt(reply.body, 'Code'), '000', reply.text);
      assert.equal(await count('prescriptions', patient.id), 1);
    });

    test('refused with what is wrong, recording nothing: not isotretinoin, refills, no days supply, an unknown NPI or pharmacy, a name and birth date without case number', async () => {
      const patient = await counseledPatient();
      const base = { caseNumber: patient.programId, birthDate: patient.birthDate };
      assertError(
        await send(ehr, newRx({ ...base, drug: '<DrugCoded><DrugDBCode><Code>617314</Code><Qualifier>SCD</Qualifier></DrugDBCode></DrugCoded>' })),
        400,
        /not isotretinoin by any of its codes \(617314 SCD\)/,
      );
      assertError(await send(ehr, newRx({ ...base, refills: 3 })), 422, /cannot have refills/);
      assertError(await send(ehr, newRx({ ...base, daysSupply: null })), 400, /lacks DaysSupply/);
      assertError(await send(ehr, newRx({ ...base, npi: '1999999999' })), 403, /No prescriber of this practice has the NPI 1999999999/);
      assertError(await send(ehr, newRx({ ...base, pharmacyNcpdpId: '9999999' })), 422, /"9999999".*not a pharmacy registered in isocourse/);
      assertError(await send(ehr, newRx({ ...base, caseNumber: 'ZZZZZZZZZZ' })), 422, /No patient of this practice has the case number ZZZZZZZZZZ/);
      // Only a name and birth date: one patient of the practice has them, so the care team is asked, and nothing is recorded.
      api.today(ON);
      const named = await api.enroll({ givenName: 'Arabella', birthDate: '2001-02-03', category: 'PCNGP', enrolledOn: ON });
      const review = await send(ehr, newRx({ caseNumber: null, givenName: 'Arabella', birthDate: named.birthDate }));
      assertError(review, 422, /needs review.*nothing was recorded/);
      const reviews = await api.services.db.selectFrom('patient_match_reviews').select('candidate_patient_id').execute();
      assert.ok(
        reviews.some((row) => row.candidate_patient_id === named.id),
        "on the care team's worklist",
      );
      assert.equal(await count('prescriptions', named.id), 0);
      // A pharmacy system does not prescribe.
      assertError(await send(pharmacySystem, newRx(base)), 403, /practice/);
      // Another practice's EHR can neither sign as this practice's prescriber nor reach its patient.
      const other = await api.services.db
        .selectFrom('users')
        .select('organization_id')
        .where('id', '=', api.ids.users.otherPrescriber)
        .executeTakeFirstOrThrow();
      const otherEhr = await registerInteropClient(api, { kind: 'practice', organizationId: other.organization_id ?? '' });
      assertError(await send(otherEhr, newRx(base)), 403, /No prescriber of this practice has the NPI/);
      await api.services.db.updateTable('users').set({ npi: '1987654321' }).where('id', '=', api.ids.users.otherPrescriber).execute();
      const foreign = await send(otherEhr, newRx({ ...base, npi: '1987654321' }));
      assertError(foreign, 422, new RegExp(`No patient of this practice has the case number ${patient.programId}`));
      assert.equal(await count('prescriptions', patient.id), 0);
    });
  });

  describe('REMSRequest: the authorization, through the same engine, lock and idempotency as the web', () => {
    test('approved: the case number, the authorization number and its period (the do-not-dispense-after date), as the pharmacy sees it on the web', async () => {
      const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
      const prescriptionId = await pcngpVisit(api, patient, ON);
      const reply = await send(pharmacySystem, remsRequest({ caseId: patient.programId, birthDate: patient.birthDate }));
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body?.name, 'REMSResponse');
      const approved = at(reply.body, 'Response/ResponseStatus/Approved');
      assert.ok(approved, reply.text);
      assert.equal(textAt(approved, 'REMSCaseID'), patient.programId);
      const waiting = await api.as('pharmacist').get('/pharmacy/authorizations');
      const fill = waiting.body.fills.find((row: { prescription: { id: string } }) => row.prescription.id === prescriptionId);
      assert.ok(fill, "the authorization is the pharmacy's own, on the web too");
      assert.equal(textAt(approved, 'REMSAuthorizationNumber'), fill.rmaNumber);
      assert.equal(textAt(approved, 'AuthorizationPeriod/EffectiveDate/Date'), ON);
      assert.equal(textAt(approved, 'AuthorizationPeriod/ExpirationDate/Date'), fill.doNotDispenseAfter);
      assert.equal(textAt(reply.root, 'Header/RelatesToMessageID') !== undefined, true);
    });

    test("for the patient's latest prescription not yet filled (a REMSRequest names no prescription)", async () => {
      const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-02-10' });
      const february = await pcngpVisit(api, patient, '2025-02-10');
      const march = await pcngpVisit(api, patient, ON);
      api.today(ON);
      const reply = await send(pharmacySystem, remsRequest({ caseId: patient.programId, birthDate: patient.birthDate }));
      assert.ok(at(reply.body, 'Response/ResponseStatus/Approved'), reply.text);
      const held = await api.services.db.selectFrom('authorizations').select('prescription_id').where('patient_id', '=', patient.id).execute();
      assert.deepEqual(
        held.map((row) => row.prescription_id),
        [march],
      );
      assert.notEqual(february, march);
    });

    test('the same REMSRequest twice, and eight times at once: one authorization, the same answer every time', async () => {
      const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
      await pcngpVisit(api, patient, ON);
      const message = remsRequest({ caseId: patient.programId, birthDate: patient.birthDate });
      const replies = await Promise.all(Array.from({ length: 8 }, () => send(pharmacySystem, message)));
      const numbers = new Set(replies.map((reply) => textAt(reply.body, 'Response/ResponseStatus/Approved/REMSAuthorizationNumber')));
      assert.equal(numbers.size, 1, replies.map((reply) => reply.text).join('\n'));
      assert.match([...numbers][0] ?? '', /^RMA/);
      const later = await send(pharmacySystem, message);
      assert.equal(textAt(later.body, 'Response/ResponseStatus/Approved/REMSAuthorizationNumber'), [...numbers][0]);
      assert.equal(await count('authorizations', patient.id), 1);
    });

    test("a REMSRequest racing the pharmacist's web authorization of the same prescription: one authorization, both told the same number", async () => {
      for (let round = 0; round < 3; round += 1) {
        const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
        const prescriptionId = await pcngpVisit(api, patient, ON);
        await api.as('pharmacist').get('/pharmacy/queue');
        const [script, web] = await Promise.all([
          send(pharmacySystem, remsRequest({ caseId: patient.programId, birthDate: patient.birthDate })),
          api.as('pharmacist').post('/authorizations', { ...lookupOf(patient), prescriptionId }),
        ]);
        assert.ok([200, 201].includes(web.status), JSON.stringify(web.body));
        assert.equal(textAt(script.body, 'Response/ResponseStatus/Approved/REMSAuthorizationNumber'), web.body.authorization.rmaNumber, script.text);
        assert.equal(await count('authorizations', patient.id), 1);
      }
    });

    test("denied with the reason code of who must act, and a note in the engine's words: EM the patient, ES the prescriber, EO the pharmacy", async () => {
      // EM: a PCGP patient whose confirmation test is still missing.
      const pcgp = await enrollPatient(api, { category: 'PCGP', enrolledOn: '2025-02-01' });
      api.today(ON);
      const em = await send(pharmacySystem, remsRequest({ caseId: pcgp.programId, birthDate: pcgp.birthDate }));
      const emDenied = at(em.body, 'Response/ResponseStatus/Denied');
      assert.equal(textAt(emDenied, 'DeniedReasonCode'), 'EM', em.text);
      assert.equal(textAt(emDenied, 'REMSCaseID'), pcgp.programId);
      assert.match(textAt(emDenied, 'REMSNote') ?? '', /test/i);

      // ES: the prescription is written but this month's counseling is not confirmed.
      const uncounseled = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
      await pcngpVisit(api, uncounseled, ON, { counsel: false });
      const es = await send(pharmacySystem, remsRequest({ caseId: uncounseled.programId, birthDate: uncounseled.birthDate }));
      assert.equal(textAt(es.body, 'Response/ResponseStatus/Denied/DeniedReasonCode'), 'ES', es.text);
      assert.match(textAt(es.body, 'Response/ResponseStatus/Denied/REMSNote') ?? '', /counsel/i);

      // EO: another pharmacy already holds the authorization.
      const held = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
      await pcngpVisit(api, held, ON);
      assert.ok(at((await send(pharmacySystem, remsRequest({ caseId: held.programId, birthDate: held.birthDate }))).body, 'Response/ResponseStatus/Approved'));
      const eo = await send(otherPharmacySystem, remsRequest({ caseId: held.programId, birthDate: held.birthDate, pharmacyNcpdpId: OTHER_PHARMACY_NCPDPID }));
      assert.equal(textAt(eo.body, 'Response/ResponseStatus/Denied/DeniedReasonCode'), 'EO', eo.text);
      assert.match(textAt(eo.body, 'Response/ResponseStatus/Denied/REMSNote') ?? '', /Another pharmacy holds/);
      for (const patient of [pcgp, uncounseled]) {
        assert.equal(await count('authorizations', patient.id), 0);
      }
      assert.equal(await count('authorizations', held.id), 1);
    });

    test('EC when no patient has that case number with that birth date, or either is missing: the same words whether or not the case exists', async () => {
      const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
      await pcngpVisit(api, patient, ON);
      const wrongBirthDate = await send(pharmacySystem, remsRequest({ caseId: patient.programId, birthDate: '1990-01-01' }));
      const unknownCase = await send(pharmacySystem, remsRequest({ caseId: 'ZZZZZZZZZZ', birthDate: '1990-01-01' }));
      for (const reply of [wrongBirthDate, unknownCase]) {
        assert.equal(textAt(reply.body, 'Response/ResponseStatus/Denied/DeniedReasonCode'), 'EC', reply.text);
      }
      assert.equal(textAt(wrongBirthDate.body, 'Response/ResponseStatus/Denied/REMSNote'), textAt(unknownCase.body, 'Response/ResponseStatus/Denied/REMSNote'));
      const noCase = await send(pharmacySystem, remsRequest({ caseId: null, birthDate: patient.birthDate }));
      assert.match(textAt(noCase.body, 'Response/ResponseStatus/Denied/REMSNote') ?? '', /lacks the case number/);
      const noBirthDate = await send(pharmacySystem, remsRequest({ caseId: patient.programId, birthDate: null }));
      assert.match(textAt(noBirthDate.body, 'Response/ResponseStatus/Denied/REMSNote') ?? '', /date of birth/);
      assert.equal(await count('authorizations', patient.id), 0);
    });

    test('a MessageID used again for another message is refused; a message naming another pharmacy is refused', async () => {
      const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
      await pcngpVisit(api, patient, ON);
      const messageId = randomUUID();
      assert.ok(
        at(
          (await send(pharmacySystem, remsRequest({ messageId, caseId: patient.programId, birthDate: patient.birthDate }))).body,
          'Response/ResponseStatus/Approved',
        ),
      );
      assertError(
        await send(pharmacySystem, remsRequest({ messageId, caseId: 'ZZZZZZZZZZ', birthDate: patient.birthDate })),
        409,
        /MessageID was already used for a different message/,
      );
      assertError(
        await send(pharmacySystem, remsRequest({ caseId: patient.programId, birthDate: patient.birthDate, pharmacyNcpdpId: OTHER_PHARMACY_NCPDPID })),
        403,
        /names the pharmacy Other Pharmacy/,
      );
      // An EHR does not request dispense authorizations.
      assertError(await send(ehr, remsRequest({ caseId: patient.programId, birthDate: patient.birthDate })), 403, /pharmacy/);
    });
  });

  describe('REMSInitiationRequest', () => {
    test('open with the case number when the patient is ready; closed with the reason code otherwise, or EC when no case number is sent', async () => {
      const ready = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
      await pcngpVisit(api, ready, ON);
      const initiation = (caseId: string | null, birthDate: string) =>
        remsRequest({ caseId: null, birthDate })
          .replaceAll('REMSRequest>', 'REMSInitiationRequest>')
          .replace(
            '<HumanPatient>',
            `<HumanPatient>${caseId === null ? '<Identification></Identification>' : `<Identification><REMSPatientID>${caseId}</REMSPatientID></Identification>`}`,
          );
      const open = await send(pharmacySystem, initiation(ready.programId, ready.birthDate));
      assert.equal(open.body?.name, 'REMSInitiationResponse', open.text);
      assert.equal(textAt(open.body, 'Patient/HumanPatient/Identification/REMSPatientID'), ready.programId);
      const pcgp = await enrollPatient(api, { category: 'PCGP', enrolledOn: ON });
      const closed = await send(pharmacySystem, initiation(pcgp.programId, pcgp.birthDate));
      assert.equal(textAt(closed.body, 'Response/ResponseStatus/Closed/ReasonCode'), 'EM', closed.text);
      const anonymous = await send(pharmacySystem, initiation(null, pcgp.birthDate));
      assert.equal(textAt(anonymous.body, 'Response/ResponseStatus/Closed/ReasonCode'), 'EC');
    });
  });

  describe('RxFill', () => {
    test('records the dispense against the authorization of the prescription its NewRx named, without the case number; the same RxFill again changes nothing', async () => {
      const patient = await counseledPatient();
      const newRxId = randomUUID();
      assert.equal(textAt((await send(ehr, newRx({ messageId: newRxId, caseNumber: patient.programId, birthDate: patient.birthDate }))).body, 'Code'), '000');
      assert.ok(
        at((await send(pharmacySystem, remsRequest({ caseId: patient.programId, birthDate: patient.birthDate }))).body, 'Response/ResponseStatus/Approved'),
      );
      const message = rxFill({ relatesTo: newRxId, birthDate: patient.birthDate });
      const reply = await send(pharmacySystem, message);
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.body?.name, 'Status');
      assert.equal(textAt(reply.body, 'Code'), '000');
      assert.match(textAt(reply.body, 'Description') ?? '', /Dispense recorded .*30 capsules of 40 mg on 2025-03-10/);
      assert.equal(await count('dispenses', patient.id), 1);
      const again = await send(pharmacySystem, message);
      assert.equal(textAt(again.body, 'Description'), textAt(reply.body, 'Description'));
      assert.equal(await count('dispenses', patient.id), 1);
      // The web shows it dispensed: the pharmacy's waiting fills no longer list it.
      const waiting = await api.as('pharmacist').get('/pharmacy/authorizations');
      assert.equal(
        waiting.body.fills.some((row: { patient: { programId: string } }) => row.patient.programId === patient.programId),
        false,
      );
    });

    test('by case number too; refused, recording nothing, without an authorization or a way to find the patient; not dispensed is noted only', async () => {
      const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
      await pcngpVisit(api, patient, ON);
      assertError(
        await send(pharmacySystem, rxFill({ caseNumber: patient.programId, birthDate: patient.birthDate })),
        422,
        /holds no active authorization.*REMSRequest first/,
      );
      assertError(await send(pharmacySystem, rxFill({ birthDate: patient.birthDate })), 422, /names no prescription isocourse received/);
      assert.ok(
        at((await send(pharmacySystem, remsRequest({ caseId: patient.programId, birthDate: patient.birthDate }))).body, 'Response/ResponseStatus/Approved'),
      );
      const notDispensed = await send(pharmacySystem, rxFill({ caseNumber: patient.programId, birthDate: patient.birthDate, status: 'NotDispensed' }));
      assert.match(textAt(notDispensed.body, 'Description') ?? '', /not dispensed; no dispense was recorded/);
      assertError(
        await send(pharmacySystem, rxFill({ caseNumber: patient.programId, birthDate: patient.birthDate, quantity: 60 })),
        422,
        /dispense is refused/,
      );
      assert.equal(await count('dispenses', patient.id), 0);
      const recorded = await send(pharmacySystem, rxFill({ caseNumber: patient.programId, birthDate: patient.birthDate }));
      assert.equal(textAt(recorded.body, 'Code'), '000', recorded.text);
      assert.equal(await count('dispenses', patient.id), 1);
    });
  });

  test("an administrator records a pharmacy's NCPDPID and NPI: each names one pharmacy, and only a pharmacy has them", async () => {
    const taken = await api.as('admin').post(`/organizations/${api.ids.otherPharmacyId}/pharmacy-identifiers`, { ncpdpId: PHARMACY_NCPDPID });
    assert.equal(taken.status, 409);
    assert.match(taken.body.detail, /already Test Pharmacy's/);
    const practice = await api.as('admin').post(`/organizations/${api.ids.practiceId}/pharmacy-identifiers`, { ncpdpId: '3300000' });
    assert.equal(practice.status, 400);
    assert.equal((await api.as('pharmacist').post(`/organizations/${api.ids.pharmacyId}/pharmacy-identifiers`, { ncpdpId: '3300000' })).status, 403);
    const audit = await api.services.db.selectFrom('audit_events').select('detail').where('action', '=', 'organization.pharmacyIdentifiers').execute();
    assert.ok(audit.some((row) => JSON.stringify(row.detail).includes(PHARMACY_NCPDPID)));
  });

  describe('a message sent again', () => {
    test('a retried NewRx, REMSRequest and RxFill (same MessageID) are each audited once as written and once as a replay, naming the patient', async () => {
      const patient = await counseledPatient();
      const newRxMessage = newRx({ caseNumber: patient.programId, birthDate: patient.birthDate });
      const remsMessage = remsRequest({ caseId: patient.programId, birthDate: patient.birthDate });
      const fillMessage = rxFill({ caseNumber: patient.programId, birthDate: patient.birthDate });
      for (const [from, message] of [
        [ehr, newRxMessage],
        [pharmacySystem, remsMessage],
        [pharmacySystem, fillMessage],
      ] as const) {
        const first = await send(from, message);
        const again = await send(from, message);
        assert.equal(again.status, first.status, again.text);
        assert.equal(textAt(again.body, 'Code') ?? null, textAt(first.body, 'Code') ?? null, again.text);
      }
      assert.equal(await count('dispenses', patient.id), 1);
      const rows = await api.services.db
        .selectFrom('audit_events')
        .select(['action', 'outcome', 'patient_id', 'detail'])
        .where('action', 'in', [
          'prescription.write',
          'authorization.request',
          'dispense.record',
          'prescription.write.replay',
          'authorization.request.replay',
          'dispense.record.replay',
        ])
        .where((eb) => eb.or([eb('patient_id', '=', patient.id), eb('patient_id', 'is', null)]))
        .orderBy('id')
        .execute();
      const mine = rows.filter((row) => row.patient_id === patient.id);
      assert.deepEqual(
        mine.map((row) => row.action).sort(),
        [
          'authorization.request',
          'authorization.request.replay',
          'dispense.record',
          'dispense.record.replay',
          'prescription.write',
          'prescription.write.replay',
        ],
        JSON.stringify(rows),
      );
      for (const row of mine.filter((candidate) => candidate.action.endsWith('.replay'))) {
        assert.equal(row.outcome, 'ok');
        assert.equal((row.detail as { replayed?: boolean } | null)?.replayed, true, JSON.stringify(row));
      }
    });
  });

  describe('what is not a message isocourse answers', () => {
    test('hostile and mangled messages (fuzzed): never a 5xx; every refusal a SCRIPT Error that recorded nothing', async () => {
      const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
      await pcngpVisit(api, patient, ON);
      api.today(ON);
      const templates: Array<[RegisteredInteropClient, string]> = [
        [pharmacySystem, remsRequest({ caseId: patient.programId, birthDate: patient.birthDate })],
        [ehr, newRx({ caseNumber: patient.programId, birthDate: patient.birthDate })],
        [pharmacySystem, rxFill({ caseNumber: patient.programId, birthDate: patient.birthDate })],
      ];
      const hostile = fc.oneof(
        fc.constantFrom(
          '&#0;',
          '&#xD800;',
          '\u0000',
          '\ud800',
          "'; DROP TABLE prescriptions; --",
          '<script>alert(1)</script>',
          '${jndi:ldap://x}',
          '&amp;&lt;&gt;',
          '9'.repeat(400),
          'x'.repeat(70000),
          '-1',
          '1e309',
          '2025-13-45',
          '0245-0571-01',
          '\u202e',
          ']]>',
          '<![CDATA[a]]>',
          '<a><b></a>',
          '&undefined;',
          `${'<x>'.repeat(100)}${'</x>'.repeat(100)}`,
        ),
        fc.string({ unit: 'binary', maxLength: 40 }),
      );
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: templates.length - 1 }), fc.nat(), hostile, fc.boolean(), async (which, where, text, escape) => {
          const [from, template] = templates[which] as [RegisteredInteropClient, string];
          const texts = [...template.matchAll(/>([^<>]+)</g)];
          const target = texts[where % texts.length] as RegExpMatchArray;
          const value = escape ? text.replaceAll('&', '&amp;').replaceAll('<', '&lt;') : text;
          const xml = template.slice(0, (target.index ?? 0) + 1) + value + template.slice((target.index ?? 0) + 1 + (target[1]?.length ?? 0));
          const before = await storedRows(api);
          const reply = await from.client.raw(
            'POST',
            '/ncpdp/script',
            xml.replace(/<MessageID>[^<]*<\/MessageID>/, `<MessageID>${randomUUID()}</MessageID>`),
            'application/xml',
          );
          assert.ok(reply.status < 500, `${reply.status}: ${reply.text.slice(0, 400)}`);
          assert.match(String(reply.headers['content-type']), /xml/);
          if (reply.status >= 400) {
            refused += 1;
            assert.equal(at(readXml(reply.text), 'Body')?.children[0]?.name, 'Error', reply.text.slice(0, 400));
            assert.deepEqual(await storedRows(api), before, `a refused message recorded something: ${xml.slice(0, 300)}`);
          }
        }),
        { numRuns: 60, seed: 20250310 },
      );
      assert.ok(refused > 0, 'some of them were refused');
    });

    test('every refusal is a SCRIPT Error naming what is wrong, never a 500 or JSON', async () => {
      const narrow = await registerInteropClient(api, { kind: 'pharmacy', scopes: ['system/Patient.rs'] });
      const before = await storedRows(api);
      assertError(
        await send(pharmacySystem, '<Message><Header><MessageID>1</MessageID></Header><Body><CancelRx/></Body></Message>'),
        400,
        /Unknown message type CancelRx/,
      );
      const malformed = await send(pharmacySystem, '<Message><Header>');
      assertError(malformed, 400, /not well-formed XML/);
      assert.equal(at(malformed.root, 'Header'), undefined);
      assertError(await send(pharmacySystem, remsRequest({ caseId: 'X', birthDate: ON }).replaceAll('2024011', '010')), 400, /"010" is not supported/);
      assertError(await send(pharmacySystem, '{"message": "hi"}', 'application/json'), 415, /application\/xml or text\/xml/);
      assertError(await send(pharmacySystem, remsRequest({ caseId: 'X', birthDate: '2025-02-30' })), 400, /"2025-02-30" is not a date/);
      assertError(await send(pharmacySystem, remsRequest({ caseId: 'X', birthDate: '0000-01-01' })), 400, /"0000-01-01" is not a date/);
      assertError(await send(null, remsRequest({ caseId: 'X', birthDate: ON })), 401, /access token/);
      assertError(await send(null, '<Message><Header>'), 401, /access token/);
      assertError(await send(null, '{"message": "hi"}', 'application/json'), 401, /access token/);
      // A person's session is not a client's token.
      const staff = await api.as('pharmacist').get('/me');
      assert.equal(staff.status, 200);
      const session = await interopHttpClient(api, null).raw('POST', '/ncpdp/script', remsRequest({ caseId: 'X', birthDate: ON }), 'application/xml', {
        cookie: 'isocourse_session=x',
      });
      assert.equal(session.status, 401);
      // A client without the scope a message needs.
      assertError(await send(narrow, remsRequest({ caseId: 'X', birthDate: ON })), 403, /system\/MedicationDispense\.c/);
      assert.deepEqual(await storedRows(api), before, 'nothing was recorded');
      const textXml = await send(
        pharmacySystem,
        '<Message><Header><MessageID>1</MessageID></Header><Body><Verify/></Body></Message>',
        'text/xml; charset=utf-8',
      );
      assertError(textXml, 400, /Unknown message type Verify/);
    });
  });
});
