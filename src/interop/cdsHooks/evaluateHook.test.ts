import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { statusAnswer } from '../../services/patients/readPatients.js';
import { CONFIG, givenPatient } from '../../../test/support/patientFacts.js';
import { PROGRAM_ID_SYSTEM, RXNORM, NDC } from '../fhir/systems.js';
import { ehrFhirAccess } from './ehrFhir.js';
import { evaluateHook, HookRequestError, type HookDependencies, type PatientDemographics } from './evaluateHook.js';
import { cdsService } from './services.js';
import type { HookRequest } from './services.js';

const jon = {
  resourceType: 'Patient',
  id: 'pat017',
  birthDate: '1996-06-01',
  name: [{ use: 'official', family: 'Snow', given: ['Jon', 'Stark'] }],
  identifier: [{ system: 'http://hl7.org/fhir/sid/us-medicare', value: '0V843229061TB' }],
};
const withProgramId = { ...jon, identifier: [...jon.identifier, { system: PROGRAM_ID_SYSTEM, value: 'AB12CD34EF' }] };
const isotretinoinOrder = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'MedicationRequest',
  id: 'mr-1',
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/pat017' },
  medicationCodeableConcept: {
    coding: [
      { system: RXNORM, code: '6064' },
      { system: NDC, code: '0245-0571-01' },
    ],
  },
  ...extra,
});
const atorvastatinOrder = { ...isotretinoinOrder(), id: 'mr-2', medicationCodeableConcept: { coding: [{ system: RXNORM, code: '617314' }] } };

function orderSign(orders: unknown[], prefetch: Record<string, unknown> | null = { patient: withProgramId }, extra: Partial<HookRequest> = {}): HookRequest {
  return {
    hook: 'order-sign',
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context: { userId: 'Practitioner/pra1234', patientId: 'pat017', draftOrders: { resourceType: 'Bundle', entry: orders.map((resource) => ({ resource })) } },
    ...(prefetch === null ? {} : { prefetch }),
    ...extra,
  };
}

/** Matches by program identifier only, as matchPatient does; name + birth date of Jon → needs review. */
function dependencies(overrides: Partial<HookDependencies> = {}): HookDependencies & { identified: PatientDemographics[] } {
  const identified: PatientDemographics[] = [];
  const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-01' }).facts();
  let id = 0;
  return {
    identified,
    identify: (who) => {
      identified.push(who);
      if (who.identifiers.some((i) => i.system === PROGRAM_ID_SYSTEM && i.value === 'AB12CD34EF')) {
        return Promise.resolve({ kind: 'matched', patientId: 'p-jon' });
      }
      if (who.familyName === 'Snow' && who.birthDate === '1996-06-01') {
        return Promise.resolve({ kind: 'needsReview', reviewId: 'r-1' });
      }
      return Promise.resolve({ kind: 'notFound' });
    },
    verdict: (patientId) => Promise.resolve(statusAnswer(patientId, facts, '2025-03-10', CONFIG)),
    ehr: null,
    program: CONFIG,
    today: '2025-03-10',
    cards: { webBase: 'https://isocourse.example', newId: () => `id-${++id}` },
    ...overrides,
  };
}

const orderSignService = cdsService('rems-order-sign') ?? assert.fail('no rems-order-sign service');
const patientViewService = cdsService('rems-patient-view') ?? assert.fail('no rems-patient-view service');

describe('evaluateHook: which orders, which patient, which cards', () => {
  test('an isotretinoin draft order (ingredient + NDC) for an identified patient: the engine verdict cards', async () => {
    const deps = dependencies();
    const answer = await evaluateHook(orderSignService, orderSign([isotretinoinOrder()]), deps);
    const verdict = await deps.verdict('p-jon');
    assert.equal(answer.cards.length, verdict.blockers.length);
    assert.deepEqual(
      answer.cards.map((c) => c.summary),
      verdict.blockers.map((b) => b.message),
    );
    assert.ok(answer.cards.every((c) => c.links?.[0]?.url.startsWith('https://isocourse.example/patients/p-jon')));
  });

  test('an order that is not isotretinoin gets no cards, and nobody is looked up', async () => {
    const deps = dependencies();
    assert.deepEqual(await evaluateHook(orderSignService, orderSign([atorvastatinOrder]), deps), { cards: [] });
    assert.equal(deps.identified.length, 0);
  });

  test('isotretinoin in the second coding or only as a referenced Medication is still isotretinoin', async () => {
    const second = isotretinoinOrder({
      medicationCodeableConcept: {
        coding: [
          { system: 'http://snomed.info/sct', code: '387208003' },
          { system: RXNORM, code: '197844' },
        ],
      },
    });
    assert.ok((await evaluateHook(orderSignService, orderSign([second]), dependencies())).cards.length > 0);
    const referenced = {
      ...isotretinoinOrder(),
      medicationCodeableConcept: undefined,
      medicationReference: { reference: '#med' },
      contained: [{ resourceType: 'Medication', id: 'med', code: { coding: [{ system: NDC, code: '00245057101' }] } }],
    };
    assert.ok((await evaluateHook(orderSignService, orderSign([referenced]), dependencies())).cards.length > 0);
  });

  test('order-select answers for the selected orders only', async () => {
    const orderSelect = cdsService('rems-order-select') ?? assert.fail('no rems-order-select service');
    const select = (selections: string[]): HookRequest => ({
      ...orderSign([isotretinoinOrder(), atorvastatinOrder]),
      hook: 'order-select',
      context: { ...orderSign([isotretinoinOrder(), atorvastatinOrder]).context, selections },
    });
    assert.deepEqual(await evaluateHook(orderSelect, select(['MedicationRequest/mr-2']), dependencies()), { cards: [] });
    assert.ok((await evaluateHook(orderSelect, select(['MedicationRequest/mr-1']), dependencies())).cards.length > 0);
  });

  test('a Medication the order references but nobody sent is read from the EHR; when it cannot be, the card says so', async () => {
    const referencing = { ...isotretinoinOrder(), medicationCodeableConcept: undefined, medicationReference: { reference: 'Medication/med-9' } };
    const isotretinoinMedication = { resourceType: 'Medication', code: { coding: [{ system: RXNORM, code: '403930' }] } };
    const reading = (answer: unknown): HookDependencies['ehr'] => ({
      read: (url: string) =>
        Promise.resolve(
          url === 'Medication/med-9' && answer !== null ? { kind: 'read', resource: answer as never } : { kind: 'unavailable', why: `No answer for ${url}.` },
        ),
    });
    const found = await evaluateHook(orderSignService, orderSign([referencing]), dependencies({ ehr: reading(isotretinoinMedication) }));
    assert.ok(found.cards.length > 0 && found.cards.every((card) => !/not checked/.test(card.summary)));
    const other = await evaluateHook(
      orderSignService,
      orderSign([referencing]),
      dependencies({ ehr: reading({ resourceType: 'Medication', code: { coding: [{ system: RXNORM, code: '617314' }] } }) }),
    );
    assert.deepEqual(other, { cards: [] });
    const unread = await evaluateHook(orderSignService, orderSign([referencing]), dependencies({ ehr: reading(null) }));
    assert.equal(unread.cards.length, 1);
    assert.match((unread.cards[0] ?? assert.fail('no card')).summary, /not checked: an order's medication could not be read/);
    const noServer = await evaluateHook(orderSignService, orderSign([referencing]), dependencies());
    assert.match((noServer.cards[0] ?? assert.fail('no card')).detail ?? '', /Medication\/med-9.*no fhirServer/);
  });

  test('an order with refills gets the program limit card besides the verdict cards', async () => {
    const answer = await evaluateHook(orderSignService, orderSign([isotretinoinOrder({ dispenseRequest: { numberOfRepeatsAllowed: 3 } })]), dependencies());
    assert.ok(answer.cards.some((c) => /cannot have refills/.test(c.summary)));
  });

  test('name and birth date alone: one needs-review card, no link to any record', async () => {
    const answer = await evaluateHook(orderSignService, orderSign([isotretinoinOrder()], { patient: jon }), dependencies());
    assert.equal(answer.cards.length, 1);
    assert.match((answer.cards[0] ?? assert.fail('no card')).summary, /needs review/);
    assert.equal((answer.cards[0] ?? assert.fail('no card')).links, undefined);
  });

  test('an unknown patient with an isotretinoin order: a suggestion to enroll', async () => {
    const stranger = { ...jon, name: [{ family: 'Targaryen', given: ['Daenerys'] }], birthDate: '1990-01-01' };
    const answer = await evaluateHook(orderSignService, orderSign([isotretinoinOrder()], { patient: stranger }), dependencies());
    assert.equal(answer.cards.length, 1);
    assert.equal((answer.cards[0] ?? assert.fail('no card')).links?.[0]?.url, 'https://isocourse.example/patients/new');
  });

  test('patient-view without fhirServer and without isotretinoin on the chart: an unknown patient gets no card', async () => {
    const request: HookRequest = {
      hook: 'patient-view',
      hookInstance: 'x',
      context: { userId: 'pra1234', patientId: 'pat017' },
      prefetch: { patient: { ...jon, name: [{ family: 'Stark', given: ['Arya'] }] } },
    };
    assert.deepEqual(await evaluateHook(patientViewService, request, dependencies()), { cards: [] });
  });

  test('patient-view of an identified patient: her verdict, with a bare userId', async () => {
    const request: HookRequest = {
      hook: 'patient-view',
      hookInstance: 'x',
      context: { userId: 'pra1234', patientId: 'pat017' },
      prefetch: { patient: withProgramId },
    };
    assert.ok((await evaluateHook(patientViewService, request, dependencies())).cards.length > 0);
  });

  test("refused: a hook sent to another hook's service, or a prefetched patient who is not context.patientId", async () => {
    await assert.rejects(evaluateHook(patientViewService, orderSign([isotretinoinOrder()]), dependencies()), HookRequestError);
    await assert.rejects(
      evaluateHook(orderSignService, orderSign([isotretinoinOrder()], { patient: { ...jon, id: 'pat999' } }), dependencies()),
      /context.patientId/,
    );
    await assert.rejects(evaluateHook(orderSignService, { ...orderSign([]), context: { userId: 'u', patientId: 'pat017' } }, dependencies()), /draftOrders/);
  });

  test('JSON that is not FHIR in the prefetch or the orders is read past, never a crash', async () => {
    const garbage: unknown[] = [5, 'x', null, [], { resourceType: 5 }, { coding: 'abc' }];
    for (const value of garbage) {
      const orders = [
        isotretinoinOrder({ medicationCodeableConcept: { coding: value } }),
        { ...isotretinoinOrder(), medicationCodeableConcept: undefined, medicationReference: { reference: value }, contained: value },
        isotretinoinOrder({ dispenseRequest: { numberOfRepeatsAllowed: value, expectedSupplyDuration: { value } } }),
      ];
      const patient = { resourceType: 'Patient', id: 'pat017', name: value, identifier: value, birthDate: value };
      const request = orderSign(orders, { patient, medicationRequests: { resourceType: 'Bundle', entry: value } });
      const answer = await evaluateHook(orderSignService, request, dependencies());
      assert.ok(Array.isArray(answer.cards), JSON.stringify(value));
      const view: HookRequest = {
        hook: 'patient-view',
        hookInstance: 'x',
        context: { userId: 'u', patientId: 'pat017' },
        prefetch: { patient, medicationRequests: { resourceType: 'Bundle', entry: [value, { resource: value }] } },
      };
      assert.ok(Array.isArray((await evaluateHook(patientViewService, view, dependencies())).cards));
    }
  });

  test('the same hookInstance twice gives the same answer twice (never deduplicated)', async () => {
    const deps = dependencies();
    const first = await evaluateHook(orderSignService, orderSign([isotretinoinOrder()]), deps);
    const second = await evaluateHook(orderSignService, orderSign([isotretinoinOrder()]), deps);
    assert.deepEqual(
      first.cards.map((c) => c.summary),
      second.cards.map((c) => c.summary),
    );
    assert.equal(deps.identified.length, 2);
  });
});

describe('evaluateHook: reading the EHR within the time budget', () => {
  let silent: http.Server;
  let answering: http.Server;
  let silentUrl = '';
  let answeringUrl = '';
  const seen: Array<{ url: string | undefined; authorization: string | undefined }> = [];
  before(async () => {
    // Accepts the connection and never answers.
    silent = http.createServer(() => undefined);
    answering = http.createServer((request, response) => {
      seen.push({ url: request.url, authorization: request.headers.authorization });
      if (request.url === '/r4/Patient/pat017') {
        response.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(withProgramId));
      } else {
        response.writeHead(404).end();
      }
    });
    for (const server of [silent, answering]) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/r4`;
    answeringUrl = `http://127.0.0.1:${(answering.address() as AddressInfo).port}/r4/`;
  });
  after(() => {
    silent.closeAllConnections();
    answering.closeAllConnections();
    silent.close();
    answering.close();
  });

  test('without prefetch, the patient is read from fhirServer with the fhirAuthorization bearer', async () => {
    const deps = dependencies({ ehr: ehrFhirAccess({ fhirServer: answeringUrl, accessToken: 'ehr-token', deadline: Date.now() + 2000 }) });
    const answer = await evaluateHook(orderSignService, orderSign([isotretinoinOrder()], null), deps);
    assert.ok(answer.cards.length > 0 && (answer.cards[0] ?? assert.fail('no card')).links?.[0]?.url.includes('/patients/p-jon'));
    assert.deepEqual(seen.at(-1), { url: '/r4/Patient/pat017', authorization: 'Bearer ehr-token' });
  });

  test('an EHR that never answers: within the budget, an honest card saying what could not be checked', async () => {
    const started = Date.now();
    const deps = dependencies({ ehr: ehrFhirAccess({ fhirServer: silentUrl, accessToken: undefined, deadline: Date.now() + 300 }) });
    const answer = await evaluateHook(orderSignService, orderSign([isotretinoinOrder()], null), deps);
    const took = Date.now() - started;
    assert.ok(took < 1500, `took ${took} ms`);
    assert.equal(answer.cards.length, 1);
    assert.match((answer.cards[0] ?? assert.fail('no card')).summary, /not checked/);
    assert.match((answer.cards[0] ?? assert.fail('no card')).detail ?? '', /did not answer Patient\/pat017 within the time allowed/);
  });

  test('an EHR that answers 404: the card says so', async () => {
    const deps = dependencies({ ehr: ehrFhirAccess({ fhirServer: answeringUrl, accessToken: '', deadline: Date.now() + 2000 }) });
    const request = { ...orderSign([isotretinoinOrder()], null), context: { ...orderSign([isotretinoinOrder()]).context, patientId: 'pat404' } };
    const answer = await evaluateHook(orderSignService, request, deps);
    assert.match((answer.cards[0] ?? assert.fail('no card')).detail ?? '', /HTTP 404/);
  });
});
