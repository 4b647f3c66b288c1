import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, test } from 'node:test';
import { isIsotretinoin } from '../medicationCodes.js';
import { errorMessage, initiationResponse, remsResponse, statusMessage } from './answers.js';
import {
  drugCodes,
  drugConcept,
  messageTypeOf,
  newRxCaseNumber,
  patientFacts,
  readEnvelope,
  ScriptRejection,
  scriptRelease,
  wholeNumberAt,
  dateAt,
} from './messages.js';
import { at, readXml, textAt } from './xml.js';

const REMS_REQUEST = `<Message DatatypesVersion="2024011" TransportVersion="2024011" TransactionDomain="SCRIPT" TransactionVersion="2024011" StructuresVersion="2024011" ECLVersion="2024011">
  <Header>
    <To Qualifier="ZZZ">0245-0571-01</To>
    <From Qualifier="REMS">Pharmacy 123</From>
    <MessageID>8a7d6c5b</MessageID>
  </Header>
  <Body>
    <REMSRequest>
      <REMSReferenceID>e1f2</REMSReferenceID>
      <Patient><HumanPatient><Name><LastName>Snow</LastName><FirstName>Jon</FirstName></Name>
        <DateOfBirth><Date>1996-06-01</Date></DateOfBirth></HumanPatient></Patient>
      <MedicationPrescribed><DrugDescription>Isotretinoin 20 MG Oral Capsule</DrugDescription>
        <DrugCoded><ProductCode><Code>0245-0571-01</Code><Qualifier>ND</Qualifier></ProductCode></DrugCoded></MedicationPrescribed>
      <Request><SolicitedModel><REMSCaseID>AB12CD34EF</REMSCaseID></SolicitedModel></Request>
    </REMSRequest>
  </Body>
</Message>`;

function rejection(xml: string): ScriptRejection {
  try {
    readEnvelope(xml);
  } catch (error) {
    assert.ok(error instanceof ScriptRejection, `expected a ScriptRejection, got ${String(error)}`);
    return error;
  }
  assert.fail('the message was accepted');
}

describe('reading a SCRIPT message', () => {
  test('the envelope: version as labelled, MessageID, the message type; tags in any case', () => {
    const envelope = readEnvelope(REMS_REQUEST);
    assert.equal(envelope.versionLabel, '2024011');
    assert.equal(envelope.messageId, '8a7d6c5b');
    assert.equal(messageTypeOf(envelope), 'REMSRequest');
    assert.equal(textAt(envelope.body, 'request/solicitedmodel/remscaseid'), 'AB12CD34EF');
    // The reference administrator's lowercased tags read the same.
    const lower = readEnvelope(REMS_REQUEST.replace(/<(\/?)([A-Za-z]+)/g, (_, slash: string, name: string) => `<${slash}${name.toLowerCase()}`));
    assert.equal(messageTypeOf(lower), 'REMSRequest');
    assert.equal(textAt(lower.body, 'Request/SolicitedModel/REMSCaseID'), 'AB12CD34EF');
  });

  test('namespaces: a default namespace or a prefix on every element change nothing', () => {
    const prefixed = REMS_REQUEST.replace('<Message ', '<ns:Message xmlns:ns="http://www.ncpdp.org/schema/SCRIPT" ')
      .replace('</Message>', '</ns:Message>')
      .replace(/<(\/?)(Header|Body|MessageID|REMSRequest)>/g, '<$1ns:$2>');
    assert.equal(messageTypeOf(readEnvelope(prefixed)), 'REMSRequest');
    const defaulted = REMS_REQUEST.replace('<Message ', '<Message xmlns="http://www.ncpdp.org/schema/SCRIPT" ');
    assert.equal(readEnvelope(defaulted).messageId, '8a7d6c5b');
  });

  test('versions: 2017071, 20170715, 2024011 and V2024071 are read; 10.6 and nonsense are refused, naming the version', () => {
    assert.equal(scriptRelease('20170715'), '2017071');
    assert.equal(scriptRelease('V2024071'), '2024071');
    for (const label of ['2017071', '20170715', '2024011', 'V2024071', '2023011']) {
      assert.equal(readEnvelope(REMS_REQUEST.replaceAll('2024011', label)).versionLabel, label);
    }
    for (const label of ['010', '2016071', 'latest']) {
      const refused = rejection(REMS_REQUEST.replaceAll('2024011', label));
      assert.match(refused.description, new RegExp(`"${label}" is not supported`));
    }
    // A byte-order mark and an XML declaration are read past.
    assert.equal(readEnvelope(`\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${REMS_REQUEST}`).messageId, '8a7d6c5b');
    // The pharmacy system's older fixture carries no version at all: read as the current one.
    assert.equal(readEnvelope('<Message><Header><MessageID>1</MessageID></Header><Body><NewRx/></Body></Message>').versionLabel, null);
  });

  test('what cannot be a SCRIPT message is refused with what is wrong, never thrown as anything else', () => {
    assert.match(rejection('').description, /empty/);
    assert.match(rejection('<Message><Header>').description, /not well-formed XML/);
    assert.match(rejection('{"resourceType":"Patient"}').description, /not well-formed XML|Message/);
    assert.match(rejection('<Patient/>').description, /<Patient>/);
    assert.match(rejection('<Message><Body><NewRx/></Body></Message>').description, /MessageID is missing/);
    assert.match(rejection('<Message><Header><MessageID>1</MessageID></Header><Body/></Message>').description, /exactly one message/);
    assert.match(rejection('<!DOCTYPE x [<!ENTITY a "aaaa">]><Message/>').description, /DOCTYPE/);
    const deep = `${'<a>'.repeat(200)}${'</a>'.repeat(200)}`;
    assert.match(rejection(`<Message><Header><MessageID>1</MessageID></Header><Body>${deep}</Body></Message>`).description, /nested/i);
    // What XML forbids never reaches the data (a NUL or a lone surrogate would fail in PostgreSQL).
    assert.equal(readEnvelope('<Message><Header><MessageID>a&#0;b&#xD800;c</MessageID></Header><Body><RxFill/></Body></Message>').messageId, 'abc');
    assert.match(
      rejection(`<Message><Header><MessageID>${'x'.repeat(101)}</MessageID></Header><Body><RxFill/></Body></Message>`).description,
      /101 characters/,
    );
  });

  test('any text at all, or any mangling of a real message, is read or refused as a ScriptRejection, never anything else', () => {
    const readOrRejected = (text: string) => {
      try {
        readEnvelope(text);
      } catch (error) {
        return error instanceof ScriptRejection;
      }
      return true;
    };
    fc.assert(fc.property(fc.string({ unit: 'binary' }), readOrRejected), { numRuns: 300 });
    fc.assert(
      fc.property(fc.nat({ max: REMS_REQUEST.length }), fc.nat({ max: 40 }), fc.string({ unit: 'binary', maxLength: 10 }), (at, cut, insert) =>
        readOrRejected(REMS_REQUEST.slice(0, at) + insert + REMS_REQUEST.slice(at + cut)),
      ),
      { numRuns: 500 },
    );
  });

  test('values stay text: NDCs, leading zeros and long ids are not turned into numbers', () => {
    const root = readXml('<a><b>0245-0571-01</b><c>000</c><d>1741014000000</d><e>a &amp; b &#65;&#x42;</e></a>');
    assert.equal(textAt(root, 'b'), '0245-0571-01');
    assert.equal(textAt(root, 'c'), '000');
    assert.equal(textAt(root, 'd'), '1741014000000');
    assert.equal(textAt(root, 'e'), 'a & b AB');
  });

  test('the drug in every coding the peers use: NDC in ProductCode, RxNorm with a URL qualifier, DrugDBCode SCD, a bare NDC', () => {
    const envelope = readEnvelope(REMS_REQUEST);
    const medication = at(envelope.body, 'MedicationPrescribed');
    assert.deepEqual(drugCodes(medication), [{ code: '0245-0571-01', qualifier: 'ND' }]);
    assert.ok(isIsotretinoin(drugConcept(drugCodes(medication))));
    const legacy = readXml(
      '<MedicationPrescribed><Product><DrugCoded><ProductCode><Code>6064</Code><Qualifier>\n http://www.nlm.nih.gov/research/umls/rxnorm</Qualifier></ProductCode></DrugCoded></Product></MedicationPrescribed>',
    );
    assert.ok(isIsotretinoin(drugConcept(drugCodes(legacy))));
    const scd = readXml(
      '<MedicationPrescribed><DrugCoded><DrugDBCode><Code>197844</Code><Qualifier>SCD</Qualifier></DrugDBCode></DrugCoded></MedicationPrescribed>',
    );
    assert.ok(isIsotretinoin(drugConcept(drugCodes(scd))));
    const bareNdc = readXml('<medicationprescribed><product><drugcoded><ndc>0245-0571-01</ndc></drugcoded></product></medicationprescribed>');
    assert.ok(isIsotretinoin(drugConcept(drugCodes(bareNdc))));
    // Another drug, or isotretinoin only in the free-text description, is not recognised.
    const other = readXml(
      '<MedicationPrescribed><DrugDescription>Isotretinoin</DrugDescription><DrugCoded><DrugDBCode><Code>617314</Code><Qualifier>SCD</Qualifier></DrugDBCode></DrugCoded></MedicationPrescribed>',
    );
    assert.equal(isIsotretinoin(drugConcept(drugCodes(other))), false);
  });

  test('the patient: Name or the older Names/Name, the birth date; the case number of a NewRx in the header or in MedicationPrescribed', () => {
    const envelope = readEnvelope(REMS_REQUEST);
    assert.deepEqual(patientFacts(envelope.body), { givenName: 'Jon', familyName: 'Snow', birthDate: '1996-06-01', remsPatientId: undefined });
    const older = readXml(
      '<NewRx><Patient><HumanPatient><Names><Name><LastName>Snoww</LastName><FirstName>Jon</FirstName></Name></Names></HumanPatient></Patient></NewRx>',
    );
    assert.equal(patientFacts(older).familyName, 'Snoww');
    const inHeader = readEnvelope(
      '<Message><Header><MessageID>1</MessageID><AuthorizationNumber>a24e73e53b2</AuthorizationNumber></Header><Body><NewRx/></Body></Message>',
    );
    assert.equal(newRxCaseNumber(inHeader), 'a24e73e53b2');
    const inMedication = readEnvelope(
      '<Message><Header><MessageID>1</MessageID></Header><Body><NewRx><MedicationPrescribed><REMSAuthorizationNumber>XY</REMSAuthorizationNumber></MedicationPrescribed></NewRx></Body></Message>',
    );
    assert.equal(newRxCaseNumber(inMedication), 'XY');
  });

  test('numbers and dates are checked, naming the element', () => {
    const root = readXml(
      '<m><Quantity><Value>90</Value></Quantity><Bad><Value>ninety</Value></Bad><WrittenDate><Date>2025-02-30</Date></WrittenDate><Ok><DateTime>2025-03-03T15:00:00Z</DateTime></Ok></m>',
    );
    assert.equal(wholeNumberAt(root, 'Quantity/Value', 'Quantity'), 90);
    assert.throws(() => wholeNumberAt(root, 'Bad/Value', 'Quantity'), /Quantity "ninety" is not a whole number/);
    assert.throws(() => dateAt(root, 'WrittenDate', 'WrittenDate'), /"2025-02-30" is not a date/);
    assert.equal(dateAt(root, 'Ok', 'x'), '2025-03-03');
  });
});

describe('the answers', () => {
  const sentAt = new Date('2025-03-05T14:00:05Z');
  const envelope = readEnvelope(REMS_REQUEST);

  test('an approved REMSResponse: a header of its own relating to the request, the context echoed, the authorization and its period', () => {
    const xml = remsResponse(
      envelope,
      { approved: { caseId: 'AB12CD34EF', authorizationNumber: 'RMA1', effectiveDate: '2025-03-05', expirationDate: '2025-03-11' } },
      sentAt,
    );
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    const answer = readEnvelope(xml);
    assert.equal(answer.versionLabel, '2024011');
    assert.equal(answer.type, 'REMSResponse');
    assert.notEqual(answer.messageId, '8a7d6c5b');
    assert.equal(textAt(answer.header, 'RelatesToMessageID'), '8a7d6c5b');
    assert.equal(textAt(answer.header, 'To'), 'Pharmacy 123');
    assert.equal(at(answer.header, 'To')?.attributes['Qualifier'], 'REMS');
    assert.equal(textAt(answer.body, 'REMSReferenceID'), 'e1f2');
    assert.equal(textAt(answer.body, 'Patient/HumanPatient/DateOfBirth/Date'), '1996-06-01');
    const approved = at(answer.body, 'Response/ResponseStatus/Approved');
    assert.equal(textAt(approved, 'REMSCaseID'), 'AB12CD34EF');
    assert.equal(textAt(approved, 'REMSAuthorizationNumber'), 'RMA1');
    assert.equal(textAt(approved, 'AuthorizationPeriod/ExpirationDate/Date'), '2025-03-11');
  });

  test('a denied REMSResponse carries one reason code and the note; text is escaped', () => {
    const xml = remsResponse(envelope, { denied: { caseId: 'AB12CD34EF', code: 'EM', note: 'Test <missing> & more' } }, sentAt);
    const denied = at(readEnvelope(xml).body, 'Response/ResponseStatus/Denied');
    assert.equal(textAt(denied, 'DeniedReasonCode'), 'EM');
    assert.equal(textAt(denied, 'REMSNote'), 'Test <missing> & more');
  });

  test('REMSInitiationResponse: open puts the case number in REMSPatientID; closed gives the code', () => {
    const open = readEnvelope(initiationResponse(envelope, { open: { caseId: 'AB12CD34EF' } }, sentAt));
    assert.equal(textAt(open.body, 'Patient/HumanPatient/Identification/REMSPatientID'), 'AB12CD34EF');
    assert.equal(textAt(open.body, 'Patient/HumanPatient/DateOfBirth/Date'), '1996-06-01');
    const closed = readEnvelope(initiationResponse(envelope, { closed: { code: 'EC', note: 'Case not found' } }, sentAt));
    assert.equal(textAt(closed.body, 'Response/ResponseStatus/Closed/ReasonCode'), 'EC');
  });

  test('Status 000 and Error (with no header when the request was unreadable)', () => {
    assert.equal(textAt(readEnvelope(statusMessage(envelope, 'Dispense recorded', sentAt)).body, 'Code'), '000');
    const error = readXml(errorMessage(null, { code: '900', descriptionCode: '2000', description: 'Header/MessageID is missing' }, sentAt));
    assert.equal(at(error, 'Header'), undefined);
    assert.equal(textAt(error, 'Body/Error/Description'), 'Header/MessageID is missing');
    assert.equal(error.attributes['TransactionVersion'], '2017071');
  });
});
