// An EHR's and a pharmacy system's whole journey with isocourse as the REMS administrator (issue 11,
// item 8), against the real server: discover the CDS services → order-sign with the draft isotretinoin
// order → cards that say what is missing → the care team does it → $rems-etasu → NewRx → the pharmacy's
// REMSRequest → RxFill → $rems-etasu shows it dispensed. Every FHIR resource returned is validated.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { GuidanceResponse, Parameters } from '@medplum/fhirtypes';
import { NDC, PROGRAM_ID_SYSTEM, RXNORM } from '../../src/interop/fhir/systems.js';
import { at, readXml, textAt } from '../../src/interop/ncpdp/xml.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertValidFhir } from '../support/fhirValidation.js';
import { interopHttpClient, registerInteropClient, type InteropHttpClient } from '../support/interopClients.js';
import { assertStatus, confirmCounseling, enrollPatient, type Patient } from '../support/journeys.js';

const ON = '2025-03-10';
const PRESCRIBER_NPI = '1122334455';
const PHARMACY_NCPDPID = '3312345';
const VERSION = (label: string) =>
  `DatatypesVersion="${label}" TransportVersion="${label}" TransactionDomain="SCRIPT" TransactionVersion="${label}" StructuresVersion="${label}" ECLVersion="${label}"`;

function orderSign(patient: Patient) {
  return {
    hook: 'order-sign',
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    fhirServer: 'http://127.0.0.1:9/unused',
    context: {
      userId: 'Practitioner/pra1234',
      patientId: 'ehr-17',
      draftOrders: {
        resourceType: 'Bundle',
        entry: [
          {
            resource: {
              resourceType: 'MedicationRequest',
              id: 'draft-1',
              status: 'draft',
              intent: 'order',
              subject: { reference: 'Patient/ehr-17' },
              medicationCodeableConcept: {
                coding: [
                  { system: RXNORM, code: '6064' },
                  { system: NDC, code: '0245-0571-01' },
                ],
              },
              dispenseRequest: {
                numberOfRepeatsAllowed: 0,
                expectedSupplyDuration: { value: 30, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
              },
            },
          },
        ],
      },
    },
    prefetch: {
      patient: { resourceType: 'Patient', id: 'ehr-17', birthDate: patient.birthDate, identifier: [{ system: PROGRAM_ID_SYSTEM, value: patient.programId }] },
    },
  };
}

function newRx(patient: Patient, messageId: string): string {
  return `<Message ${VERSION('2017071')}><Header><To Qualifier="P">${PHARMACY_NCPDPID}</To><From Qualifier="C">${PRESCRIBER_NPI}</From>
  <MessageID>${messageId}</MessageID><AuthorizationNumber>${patient.programId}</AuthorizationNumber><SentTime>${ON}T15:00:00Z</SentTime>
  <PrescriberOrderNumber>${randomUUID()}</PrescriberOrderNumber></Header>
  <Body><NewRx><Patient><HumanPatient><Name><LastName>Patient</LastName><FirstName>Test</FirstName></Name><DateOfBirth><Date>${patient.birthDate}</Date></DateOfBirth></HumanPatient></Patient>
  <Pharmacy><Identification><NCPDPID>${PHARMACY_NCPDPID}</NCPDPID></Identification><BusinessName>Test Pharmacy</BusinessName></Pharmacy>
  <Prescriber><NonVeterinarian><Identification><NPI>${PRESCRIBER_NPI}</NPI></Identification></NonVeterinarian></Prescriber>
  <MedicationPrescribed><DrugDescription>Claravis 40 MG Oral Capsule</DrugDescription>
  <DrugCoded><ProductCode><Code>0245-0571-01</Code><Qualifier>ND</Qualifier></ProductCode></DrugCoded>
  <Quantity><Value>30</Value><CodeListQualifier>38</CodeListQualifier></Quantity><DaysSupply>30</DaysSupply>
  <WrittenDate><Date>${ON}</Date></WrittenDate><Substitutions>0</Substitutions><NumberOfRefills>0</NumberOfRefills>
  <Sig><SigText>One capsule a day with a meal</SigText></Sig></MedicationPrescribed></NewRx></Body></Message>`;
}

function remsRequest(patient: Patient): string {
  return `<Message ${VERSION('2024011')}><Header><To Qualifier="ZZZ">0245-0571-01</To><From Qualifier="REMS">${PHARMACY_NCPDPID}</From>
  <MessageID>${randomUUID()}</MessageID><SentTime>${ON}T16:00:00Z</SentTime></Header>
  <Body><REMSRequest><REMSReferenceID>${randomUUID().replaceAll('-', '')}</REMSReferenceID>
  <Patient><HumanPatient><Name><LastName>Patient</LastName><FirstName>Test</FirstName></Name><DateOfBirth><Date>${patient.birthDate}</Date></DateOfBirth></HumanPatient></Patient>
  <Pharmacy><Identification><NCPDPID>${PHARMACY_NCPDPID}</NCPDPID></Identification></Pharmacy>
  <MedicationPrescribed><DrugDescription>Claravis 40 MG Oral Capsule</DrugDescription><DrugCoded><ProductCode><Code>0245-0571-01</Code><Qualifier>ND</Qualifier></ProductCode></DrugCoded></MedicationPrescribed>
  <Request><SolicitedModel><REMSCaseID>${patient.programId}</REMSCaseID></SolicitedModel></Request></REMSRequest></Body></Message>`;
}

function rxFill(patient: Patient, relatesTo: string): string {
  return `<Message ${VERSION('20170715')}><Header><To Qualifier="C">${PRESCRIBER_NPI}</To><From Qualifier="P">${PHARMACY_NCPDPID}</From>
  <MessageID>${randomUUID()}</MessageID><RelatesToMessageID>${relatesTo}</RelatesToMessageID><SentTime>${ON}T17:00:00Z</SentTime></Header>
  <Body><RxFill><FillStatus><Dispensed><Note>Picked up</Note></Dispensed></FillStatus>
  <Patient><HumanPatient><Name><LastName>Patient</LastName><FirstName>Test</FirstName></Name><DateOfBirth><Date>${patient.birthDate}</Date></DateOfBirth></HumanPatient></Patient>
  <Pharmacy><Identification><NCPDPID>${PHARMACY_NCPDPID}</NCPDPID></Identification></Pharmacy>
  <MedicationDispensed><DrugDescription>Claravis 40 MG Oral Capsule</DrugDescription><DrugCoded><ProductCode><Code>0245-0571-01</Code><Qualifier>ND</Qualifier></ProductCode></DrugCoded>
  <Quantity><Value>30</Value></Quantity></MedicationDispensed></RxFill></Body></Message>`;
}

function requirement(answer: Parameters, name: string): GuidanceResponse | undefined {
  const overall = answer.parameter?.find((p) => p.name === 'rems-etasu')?.resource as GuidanceResponse;
  return ((overall.contained?.[0] as Parameters | undefined)?.parameter ?? []).find((p) => p.name === name)?.resource as GuidanceResponse | undefined;
}

describe("an EHR's and a pharmacy system's journey with isocourse as the REMS administrator", () => {
  let api: TestApi;
  let ehr: InteropHttpClient;
  let pharmacySystem: InteropHttpClient;
  before(async () => {
    api = await startTestApi();
    api.today(ON);
    ehr = (await registerInteropClient(api, { kind: 'practice' })).client;
    pharmacySystem = (await registerInteropClient(api, { kind: 'pharmacy' })).client;
    // What an administrator records: the prescriber's NPI and the pharmacy's NCPDP Provider ID.
    await api.services.db.updateTable('users').set({ npi: PRESCRIBER_NPI }).where('id', '=', api.ids.users.prescriber).execute();
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.pharmacyId}/pharmacy-identifiers`, { ncpdpId: PHARMACY_NCPDPID }), 200, 'NCPDPID');
  });
  after(() => api.close());

  test('discover → order-sign → cards → counseling → $rems-etasu → NewRx → REMSRequest → RxFill → $rems-etasu shows it dispensed', async () => {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
    api.today(ON);

    const discovery = await interopHttpClient(api, null).get('/cds-services');
    assert.ok(discovery.body.services.some((service: { id: string }) => service.id === 'rems-order-sign'));

    // The draft order: the program says what is missing, and where it is done.
    const first = await ehr.post('/cds-services/rems-order-sign', orderSign(patient), { 'content-type': 'application/json' });
    assert.equal(first.status, 200, first.text);
    const summaries = first.body.cards.map((card: { summary: string }) => card.summary);
    assert.ok(
      summaries.some((summary: string) => /counseling/i.test(summary)),
      summaries.join(' | '),
    );
    const counselingCard = first.body.cards.find((card: { summary: string }) => /counseling/i.test(card.summary));
    assert.match(counselingCard.links[0].url, new RegExp(`/patients/${patient.id}#action-counseling$`));

    // The prescriber follows the link and confirms counseling; the same hook call now asks only for the prescription.
    assertStatus(await confirmCounseling(api, patient, ON), 201, 'counseling');
    const second = await ehr.post('/cds-services/rems-order-sign', orderSign(patient), { 'content-type': 'application/json' });
    assert.deepEqual(
      second.body.cards.map((card: { summary: string }) => card.summary),
      ['There is no prescription for this month.'],
    );

    const byCase = { resourceType: 'Parameters', parameter: [{ name: 'case_number', valueString: patient.programId }] };
    const beforeRx = await ehr.post('/fhir/r4/GuidanceResponse/$rems-etasu', byCase);
    assertValidFhir(beforeRx.body);
    assert.equal(requirement(beforeRx.body, 'Counseling')?.status, 'success');
    assert.equal(requirement(beforeRx.body, 'Prescription')?.status, 'data-required');

    // The order is signed and sent: NewRx records the prescription, routed to the pharmacy it names.
    const newRxId = randomUUID();
    const recorded = await ehr.raw('POST', '/ncpdp/script', newRx(patient, newRxId), 'application/xml');
    assert.equal(recorded.status, 200, recorded.text);
    assert.equal(textAt(at(readXml(recorded.text), 'Body')?.children[0], 'Code'), '000', recorded.text);
    const afterRx = await ehr.post('/fhir/r4/GuidanceResponse/$rems-etasu', byCase);
    assertValidFhir(afterRx.body);
    assert.equal(requirement(afterRx.body, 'Prescription')?.status, 'success');
    assert.equal(requirement(afterRx.body, 'Authorization')?.status, 'data-required');

    // The pharmacy asks for the authorization, then records the fill.
    const response = await pharmacySystem.raw('POST', '/ncpdp/script', remsRequest(patient), 'application/xml');
    const approved = at(at(readXml(response.text), 'Body')?.children[0], 'Response/ResponseStatus/Approved');
    assert.ok(approved, response.text);
    const rma = textAt(approved, 'REMSAuthorizationNumber');
    const authorized = await ehr.post('/fhir/r4/GuidanceResponse/$rems-etasu', byCase);
    assertValidFhir(authorized.body);
    assert.equal(authorized.body.parameter[0].resource.status, 'success');
    assert.match(requirement(authorized.body, 'Authorization')?.note?.[1]?.text ?? '', new RegExp(`Authorized: ${rma}`));

    const filled = await pharmacySystem.raw('POST', '/ncpdp/script', rxFill(patient, newRxId), 'application/xml');
    assert.equal(textAt(at(readXml(filled.text), 'Body')?.children[0], 'Code'), '000', filled.text);
    const dispensed = await ehr.post('/fhir/r4/GuidanceResponse/$rems-etasu', byCase);
    assertValidFhir(dispensed.body);
    assert.match(requirement(dispensed.body, 'Authorization')?.note?.[1]?.text ?? '', /^Dispensed: the supply lasts until Apr 8 \(1 fill in this course\)/);
  });
});
