// Conformance: the CDS Hooks requests of the public REMS reference implementation (../shared/interop-examples/
// cds-hooks, see its README) replayed as they are sent against the real server, and our answers compared
// with the reference answers' structure and key fields (never their bytes: the reference administrator's
// cards are its own program's; ours are the engine's).
//
// The example patient is Jon Stark Snow, born 1996-06-01, whose chart carries only a Medicare number.
// Enrolled in isocourse, he is first "needs review" (name and birth date alone never link); once his
// prescriber confirms the review on the worklist, the EHR's Medicare number is linked and the same
// requests, unchanged, are answered with his program requirements.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../../support/api.js';
import { assertValidFhir } from '../../support/fhirValidation.js';
import { describeWithExamples, readJsonExample, enrollExamplePatient } from '../../support/interopExamples.js';
import { interopHttpClient, registerInteropClient, type InteropHttpClient } from '../../support/interopClients.js';
import { present } from '../../support/present.js';

const REQUESTS: Record<string, string> = {
  'rems-order-sign': 'cds-hooks/order-sign_isotretinoin_rems-admin-ExampleHook.json',
  'rems-order-select': 'cds-hooks/order-select_isotretinoin_request-generator.reconstructed.json',
  'rems-encounter-start': 'cds-hooks/encounter-start_isotretinoin_request-generator.reconstructed.json',
  'rems-patient-view': 'cds-hooks/patient-view_isotretinoin_rems-smart-on-fhir.reconstructed.json',
};

interface AnyCard {
  uuid?: string;
  summary: string;
  detail?: string;
  indicator: string;
  source: { label: string; url?: string };
  links?: Array<{ label: string; url: string; type: string; appContext?: string }>;
  suggestions?: Array<{ label: string; actions?: Array<{ type: string; resource?: unknown }> }>;
}

const CARD_KEYS = new Set(['uuid', 'summary', 'detail', 'indicator', 'source', 'suggestions', 'selectionBehavior', 'overrideReasons', 'links']);

/** A card as CDS Hooks 2.0 and the reference's cards have it: the same required fields, links as the reference gives them. */
function assertCardShape(card: AnyCard, what: string): void {
  for (const key of Object.keys(card)) {
    assert.ok(CARD_KEYS.has(key), `${what}: unknown card field ${key}`);
  }
  assert.equal(typeof card.summary, 'string', what);
  assert.ok(card.summary.length > 0 && card.summary.length <= 140, `${what}: summary of ${card.summary.length} characters`);
  assert.ok(['info', 'warning', 'critical'].includes(card.indicator), `${what}: indicator ${card.indicator}`);
  assert.equal(typeof card.source.label, 'string', what);
  for (const link of card.links ?? []) {
    assert.equal(typeof link.label, 'string', what);
    assert.ok(['absolute', 'smart'].includes(link.type), what);
    assert.match(link.url, /^https?:\/\//, `${what}: links are absolute URLs, as the reference's`);
  }
  for (const suggestion of card.suggestions ?? []) {
    assert.equal(typeof suggestion.label, 'string', what);
    for (const action of suggestion.actions ?? []) {
      assert.ok(['create', 'update', 'delete'].includes(action.type), what);
      if (action.resource !== undefined) {
        assertValidFhir(action.resource);
      }
    }
  }
}

/** The fields every reference card has (cards_*_rems-admin): ours have them too. */
function referenceCardFields(): string[] {
  const fields = new Set<string>();
  for (const file of [
    'cds-hooks/cards_order-select_no-case_rems-admin.reconstructed.json',
    'cds-hooks/cards_patient-view_case-pending_rems-admin.reconstructed.json',
  ]) {
    for (const card of (readJsonExample(file) as { cards: AnyCard[] }).cards) {
      for (const key of ['summary', 'detail', 'indicator', 'source']) {
        if (key in card) {
          fields.add(key);
        }
      }
    }
  }
  return [...fields];
}

describeWithExamples('CDS Hooks conformance: the reference EHR’s requests, replayed', () => {
  let api: TestApi;
  let ehr: InteropHttpClient;
  let jonId = '';
  let notFoundEhr: http.Server;
  let notFoundBase = '';

  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
    jonId = (await enrollExamplePatient(api)).id;
    ehr = (await registerInteropClient(api, { kind: 'practice' })).client;
    // Stands in for the EHR of the CDS Hooks specification's example (hooks.smarthealthit.org): no network in tests.
    notFoundEhr = http.createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => notFoundEhr.listen(0, '127.0.0.1', resolve));
    notFoundBase = `http://127.0.0.1:${(notFoundEhr.address() as AddressInfo).port}/r4`;
  });
  after(async () => {
    notFoundEhr.closeAllConnections();
    notFoundEhr.close();
    await api.close();
  });

  test('discovery has the reference administrator’s service ids and hooks, with its patient prefetch template', async () => {
    const reference = readJsonExample('cds-hooks/discovery_rems-admin.reconstructed.json') as {
      services: Array<{ id: string; hook: string; prefetch: Record<string, string> }>;
    };
    const ours = await interopHttpClient(api, null).get('/cds-services');
    assert.equal(ours.status, 200, ours.text);
    const byId = new Map(ours.body.services.map((service: { id: string }) => [service.id, service]));
    for (const service of reference.services) {
      const mine = byId.get(service.id) as { hook: string; prefetch: Record<string, string> } | undefined;
      assert.ok(mine !== undefined, `service ${service.id}`);
      assert.equal(mine.hook, service.hook);
      assert.equal(mine.prefetch['patient'], service.prefetch['patient']);
      if ('medicationRequests' in service.prefetch) {
        assert.equal(mine.prefetch['medicationRequests'], service.prefetch['medicationRequests']);
      }
    }
  });

  test('before any link: each request (name, birth date and a Medicare number) gets "needs review", never a record', async () => {
    for (const [service, file] of Object.entries(REQUESTS)) {
      const res = await ehr.post(`/cds-services/${service}`, readJsonExample(file), { 'content-type': 'application/json' });
      assert.equal(res.status, 200, `${file}: ${res.text}`);
      const cards = res.body.cards as AnyCard[];
      assert.ok(cards.length >= 1, file);
      cards.forEach((card) => {
        assertCardShape(card, file);
      });
      assert.match(present(cards[0]).summary, /needs review/, file);
      assert.equal(present(cards[0]).links, undefined, `${file}: no link while the identity is unconfirmed`);
      assert.doesNotMatch(res.text, new RegExp(jonId), file);
    }
  });

  test('the prescriber confirms the identity on the worklist; the same requests then get the engine’s cards, shaped like the reference’s', async () => {
    const reviews = await api.as('prescriber').get('/patient-match-reviews');
    assert.equal(reviews.status, 200, JSON.stringify(reviews.body));
    const review = (reviews.body.reviews as Array<{ reviewId: string; patientId: string; sent: { identifiers: Array<{ value: string }> } }>).find(
      (r) => r.patientId === jonId,
    );
    assert.ok(review !== undefined, `a review for Jon among ${JSON.stringify(reviews.body)}`);
    assert.deepEqual(
      review.sent.identifiers.map((identifier) => identifier.value),
      ['0V843229061TB'],
      'what the EHR sent, for the care team to judge',
    );
    const decided = await api.as('prescriber').post(`/patient-match-reviews/${review.reviewId}/decisions`, { same: true });
    assert.equal(decided.status, 201, JSON.stringify(decided.body));

    const status = await api.as('prescriber').get(`/patients/${jonId}/status`);
    const blockers = (status.body.blockers as Array<{ message: string }>).map((blocker) => blocker.message);
    const fields = referenceCardFields();
    for (const [service, file] of Object.entries(REQUESTS)) {
      const res = await ehr.post(`/cds-services/${service}`, readJsonExample(file), { 'content-type': 'application/json' });
      assert.equal(res.status, 200, `${file}: ${res.text}`);
      const cards = res.body.cards as AnyCard[];
      cards.forEach((card) => {
        assertCardShape(card, file);
      });
      const requirementCards = cards.filter((card) => blockers.includes(card.summary));
      assert.deepEqual(
        requirementCards.map((card) => card.summary),
        blockers,
        `${file}: one card per blocking reason, in the engine's words`,
      );
      for (const card of requirementCards) {
        for (const field of fields) {
          assert.ok(field in card, `${file}: the reference's cards have ${field}`);
        }
        assert.ok(
          (card.links ?? []).some((link) => link.url.includes(`/patients/${jonId}`)),
          `${file}: a link to where it is fixed`,
        );
      }
    }
    // The reference's ExampleHook order asks for 3 refills: the program allows none.
    const signed = await ehr.post('/cds-services/rems-order-sign', readJsonExample(present(REQUESTS['rems-order-sign'])), {
      'content-type': 'application/json',
    });
    assert.ok((signed.body.cards as AnyCard[]).some((card) => /refills/.test(card.summary)));
  });

  test('an order coded with an SCD only (the reference answers "Unsupported code") gets the program’s cards', async () => {
    const reference = readJsonExample('cds-hooks/cards_error_unsupported-code_rems-admin.reconstructed.json') as { cards: AnyCard[] };
    const request = readJsonExample('cds-hooks/order-sign_isotretinoin_rems-admin-ExampleHook.json');
    request.context.draftOrders.entry[0].resource.medicationCodeableConcept = {
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197844', display: 'isotretinoin 20 MG Oral Capsule' }],
    };
    const res = await ehr.post('/cds-services/rems-order-sign', request, { 'content-type': 'application/json' });
    assert.equal(res.status, 200, res.text);
    const cards = res.body.cards as AnyCard[];
    assert.ok(cards.length > 0);
    assert.ok(!cards.some((card) => card.summary === present(reference.cards[0]).summary), 'not an error card');
    assert.ok(cards.some((card) => (card.links ?? []).some((link) => link.url.includes(`/patients/${jonId}`))));
  });

  test('the CDS Hooks specification’s own patient-view request (another patient, prefetch named patientToGreet): no REMS cards, no error', async () => {
    const request = readJsonExample('cds-hooks/spec_patient-view-request.json');
    request.fhirServer = notFoundBase;
    const res = await ehr.post('/cds-services/rems-patient-view', request, { 'content-type': 'application/json' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { cards: [] });
  });
});
