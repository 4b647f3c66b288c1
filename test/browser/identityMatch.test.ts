// Issue 11, item 7 in a browser, on the demo practice: an EHR's message that matched a patient by
// name and birth date alone is a worklist card showing what the EHR sent next to the record, with
// "Same person" and "Not the same", one click each; the answer takes the card off the list, and
// "Same person" links the EHR's identifier, so its next message is matched. axe passes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import type { Page } from 'playwright-core';
import { DEMO_LOGINS } from '../../src/demo/demoPractice.js';
import { matchPatient } from '../../src/services/patientMatching/matchPatient.js';
import type { ClientActor } from '../../src/interop/smart/clientAuth.js';
import { registerInteropClient } from '../../src/interop/smart/interopClients.js';
import type { Services } from '../../src/services/context.js';
import { demoServerInBrowser, expectNoSeriousA11yViolations, logInAs, skipWithoutChromium, visit, watchPageErrors } from './support/browser.js';
import { present } from '../support/present.js';

const PRESCRIBER = present(DEMO_LOGINS.find((login) => login.role === 'prescriber')).email;
const MRN = 'urn:oid:2.16.840.1.113883.19.5';

/** The demo practice's EHR, registered by the demo administrator, as the actor its token would give. */
async function demoEhr(services: Services): Promise<ClientActor> {
  const admin = await services.db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', DEMO_LOGINS[0].email).executeTakeFirstOrThrow();
  const prescriber = await services.db.selectFrom('users').select('organization_id').where('email', '=', PRESCRIBER).executeTakeFirstOrThrow();
  const { publicKey } = await generateKeyPair('ES384', { extractable: true });
  const registered = await registerInteropClient(
    services,
    { userId: admin.id, role: 'admin', organizationId: null, supervisingPrescriberId: null, ip: null },
    {
      name: 'Demo EHR',
      organizationId: prescriber.organization_id ?? '',
      scopes: ['system/*.rs'],
      jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES384', use: 'sig' }] },
    },
  );
  const row = await services.db
    .selectFrom('interop_clients')
    .select(['id', 'client_id', 'user_id', 'organization_id'])
    .where('id', '=', registered.id)
    .executeTakeFirstOrThrow();
  return {
    userId: row.user_id,
    role: 'delegate',
    organizationId: row.organization_id,
    supervisingPrescriberId: null,
    ip: null,
    client: { id: row.id, clientId: row.client_id, name: 'Demo EHR', kind: 'practice', organizationId: row.organization_id, scopes: ['system/*.rs'] },
  };
}

/** The card of a review, found by the name of the patient it may be. */
function identityCard(page: Page, name: string) {
  return page.locator('li.rx-worklist-card[data-code="IDENTITY_MATCH_REVIEW"]', { has: page.getByRole('heading', { level: 3, name }) });
}

describe('an identity to confirm, on the worklist in a browser', { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();

  test('the card shows what the EHR sent next to the record; "Same person" links it in one click, "Not the same" keeps them apart', async () => {
    const { services } = demo.server;
    const ehr = await demoEhr(services);
    const prescriber = await services.db.selectFrom('users').select('id').where('email', '=', PRESCRIBER).executeTakeFirstOrThrow();
    const patients = await services.db
      .selectFrom('patients')
      .select(['id', 'given_name', 'family_name', 'birth_date'])
      .where('prescriber_id', '=', prescriber.id)
      .orderBy('family_name')
      .limit(2)
      .execute();
    assert.equal(patients.length, 2, 'the demo prescriber has two patients');
    const [first, second] = patients as [(typeof patients)[number], (typeof patients)[number]];
    const sent = (patient: typeof first, mrn: string) => ({
      identifiers: [{ system: MRN, value: mrn }],
      givenNames: [patient.given_name.toUpperCase()],
      familyName: patient.family_name,
      birthDate: patient.birth_date,
    });
    assert.equal((await matchPatient(services.db, ehr, sent(first, 'MRN-DEMO-1'))).kind, 'needsReview');
    assert.equal((await matchPatient(services.db, ehr, sent(second, 'MRN-DEMO-2'))).kind, 'needsReview');

    const page = await demo.openPage('desktop');
    const errors = watchPageErrors(page);
    try {
      await logInAs(page, PRESCRIBER);
      await visit(page, '/', 'Worklist');
      const firstName = `${first.given_name} ${first.family_name}`;
      const card = identityCard(page, firstName);
      await card.waitFor();
      // What the EHR sent, next to the record: its name as sent, the birth date, its identifier; the program ID.
      const table = card.getByRole('table');
      assert.match((await table.textContent()) ?? '', new RegExp(`Demo EHR sent.*${first.given_name.toUpperCase()} ${first.family_name}.*MRN-DEMO-1`));
      await expectNoSeriousA11yViolations(page, 'worklist with an identity to confirm');

      await card.getByRole('button', { name: `Same person as ${firstName}` }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /confirmed as the person Demo EHR sent/ })
        .waitFor();
      await page.waitForFunction(
        (name) => ![...document.querySelectorAll('li.rx-worklist-card[data-code="IDENTITY_MATCH_REVIEW"] h3')].some((h) => h.textContent.trim() === name),
        firstName,
      );
      // Linked: the EHR's next message with that number is matched, without a review.
      assert.deepEqual(await matchPatient(services.db, ehr, { identifiers: [{ system: MRN, value: 'MRN-DEMO-1' }], givenNames: [] }), {
        kind: 'matched',
        patientId: first.id,
      });

      const secondName = `${second.given_name} ${second.family_name}`;
      await identityCard(page, secondName)
        .getByRole('button', { name: `Not the same as ${secondName}` })
        .click();
      await page
        .getByRole('status')
        .filter({ hasText: /not the person Demo EHR sent; kept apart/ })
        .waitFor();
      assert.deepEqual(await matchPatient(services.db, ehr, sent(second, 'MRN-DEMO-2')), { kind: 'notFound' });
      await page.waitForFunction(() => document.querySelectorAll('li.rx-worklist-card[data-code="IDENTITY_MATCH_REVIEW"]').length === 0);
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
    }
  });
});
