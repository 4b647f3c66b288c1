// The pharmacy's counter in a real browser against the demo practice (issue 10): the pharmacist's
// home page is the queue; opening the demo patient's prescription (it names the demo pharmacy)
// shows her without retyping the identifier or the birth date; ONE button attests the Medication
// Guide and authorizes and dispenses; the page then says what the next fill needs and from when.
// Two actions after log-in, counted here. axe at 1280 and 390 px on the queue and the counter.
// When the program's own system cannot be reached (issue 12, item 5; PROGRAM_RMA_REQUIRED), the
// counter records "Program system unavailable" on the fill held here in two actions too, and the
// fill stays shut until the program's number is recorded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_LOGINS } from '../../src/demo/demoPractice.js';
import {
  demoServerInBrowser,
  expectNoSeriousA11yViolations,
  expectNoSidewaysScroll,
  logInAs,
  skipWithoutChromium,
  watchPageErrors,
} from './support/browser.js';
import { requestAuthorization } from '../../src/services/pharmacy/requestAuthorization.js';
import { present } from '../support/present.js';

const PHARMACIST = present(DEMO_LOGINS.find((login) => login.role === 'pharmacist')).email;
const PATIENT_NAME = 'Maya Lindqvist';
const ONE_STEP = 'Medication Guide given — authorize and dispense';

async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.locator('.loading').first().waitFor({ state: 'detached' });
}

describe("the pharmacy's queue and one-step counter in a browser", { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();

  test('the queue and the counter pass axe at 1280 and 390 px, without sideways scrolling', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const page = await demo.openPage(size);
      const errors = watchPageErrors(page);
      try {
        await page.goto('/');
        await logInAs(page, PHARMACIST);
        await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
        await settled(page);
        await page.getByRole('heading', { level: 2, name: 'Prescriptions expected here' }).waitFor();
        await expectNoSeriousA11yViolations(page, `the pharmacy's queue (${size})`);
        await expectNoSidewaysScroll(page, `the pharmacy's queue (${size})`);
        await page.getByRole('link', { name: PATIENT_NAME, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: PATIENT_NAME }).waitFor();
        await settled(page);
        await expectNoSeriousA11yViolations(page, `the counter (${size})`);
        await expectNoSidewaysScroll(page, `the counter (${size})`);
        assert.deepEqual(errors, []);
      } finally {
        await page.context().close();
      }
    }
  });

  test("the pharmacist's part of a monthly fill: open the prescription from the queue (1), authorize and dispense with the Medication Guide (1)", async () => {
    const page = await demo.openPage('desktop');
    const errors = watchPageErrors(page);
    let actions = 0;
    try {
      await page.goto('/');
      await logInAs(page, PHARMACIST);
      // The home page is the queue: no navigation needed.
      await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
      await settled(page);
      const card = page.locator('.expected-card').filter({ has: page.getByRole('link', { name: PATIENT_NAME, exact: true }) });
      assert.match((await card.textContent()) ?? '', /Can be dispensed now, until /, 'the queue says the verdict in plain words');

      await page.getByRole('link', { name: PATIENT_NAME, exact: true }).click();
      actions += 1;
      await page.getByRole('heading', { level: 1, name: PATIENT_NAME }).waitFor();
      await settled(page);
      // Her identifier is shown, never asked; her birth date is not shown.
      assert.equal(await page.getByLabel(/Program identifier/).count(), 0, 'no identifier to type');
      assert.equal(await page.getByLabel(/Date of birth/).count(), 0, 'no birth date to type');
      const shown = (await page.locator('main').textContent()) ?? '';
      assert.doesNotMatch(shown, /2004-05-14|May 14, 2004/, 'the birth date is not shown');

      await page.getByRole('button', { name: ONE_STEP }).click();
      actions += 1;
      await page.getByText(/^Dispensed on .*: Claravis 30 mg, 30 capsules for 30 days\. RMA /).waitFor();
      const next = page.locator('.next-fill');
      await next.getByText(/^Next fill needs, from /).waitFor();
      assert.ok((await next.locator('[data-code]').count()) > 0, 'what the next fill needs, as next steps');
      assert.equal(await page.getByRole('alert').count(), 0, 'no refusal shown after a dispense');
      assert.equal(actions, 2);

      const stored = await demo.server.services.db
        .selectFrom('dispenses as d')
        .innerJoin('authorizations as a', 'a.id', 'd.authorization_id')
        .innerJoin('patients as p', 'p.id', 'a.patient_id')
        .select(['d.product', 'd.strength_mg', 'd.quantity', 'd.days_supply', 'd.medication_guide_given'])
        .where('p.given_name', '=', 'Maya')
        .where('p.family_name', '=', 'Lindqvist')
        .execute();
      assert.deepEqual(stored, [{ product: 'claravis', strength_mg: 30, quantity: 30, days_supply: 30, medication_guide_given: true }]);

      // Back on the queue, she is no longer expected.
      await page.getByRole('link', { name: 'Back to the queue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
      await settled(page);
      assert.equal(await page.getByRole('link', { name: PATIENT_NAME, exact: true }).count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
    }
  });
});

describe("the one-step counter when the program's system is down (PROGRAM_RMA_REQUIRED)", { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser({ program: { programRmaRequired: true } });

  test("a fill authorized here without the program's number: open it from the queue (1), record 'program system unavailable' (1); it is flagged, never dispensed", async () => {
    const { services } = demo.server;
    // The authorization was requested before (as the pharmacy's system does, by identifier and birth
    // date); the program's own RMA number could not be had.
    const pharmacist = await services.db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', PHARMACIST).executeTakeFirstOrThrow();
    const maya = await services.db
      .selectFrom('patients as p')
      .innerJoin('prescriptions as rx', 'rx.patient_id', 'p.id')
      .select(['p.id', 'p.program_id', 'p.birth_date', 'rx.id as prescription_id'])
      .where('p.given_name', '=', 'Maya')
      .where('p.family_name', '=', 'Lindqvist')
      .where('rx.pharmacy_id', '=', present(pharmacist.organization_id))
      .orderBy('rx.written_on', 'desc')
      .executeTakeFirstOrThrow();
    const authorized = await requestAuthorization(
      services,
      { userId: pharmacist.id, role: 'pharmacist', organizationId: pharmacist.organization_id, supervisingPrescriberId: null, ip: null },
      { programId: maya.program_id, birthDate: maya.birth_date, prescriptionId: maya.prescription_id },
    );

    const page = await demo.openPage('desktop');
    const errors = watchPageErrors(page);
    let actions = 0;
    try {
      await page.goto('/');
      await logInAs(page, PHARMACIST);
      await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
      await settled(page);
      await page.getByRole('link', { name: PATIENT_NAME, exact: true }).click();
      actions += 1;
      await page.getByRole('heading', { level: 1, name: PATIENT_NAME }).waitFor();
      await settled(page);
      await page.getByText(/^Authorized: dispense by /).waitFor();

      await page.getByRole('button', { name: 'Program system unavailable' }).click();
      actions += 1;
      await page
        .getByText(/^Recorded: program system unavailable\. Try it again, and record its RMA number when it comes; the fill must be dispensed by /)
        .waitFor();
      // The verdict, read again, says the fill waits for the program's number.
      await page.getByText(/^Program system unavailable: no RMA number yet — dispense by .* once it comes$/).waitFor();
      assert.equal(actions, 2);
      await expectNoSeriousA11yViolations(page, "the counter, the program's system unavailable");

      const attempts = await services.db
        .selectFrom('program_system_attempts')
        .select(['outcome', 'recorded_by'])
        .where('authorization_id', '=', authorized.id)
        .execute();
      assert.deepEqual(attempts, [{ outcome: 'unavailable', recorded_by: pharmacist.id }]);

      // "Unavailable" is a record, not a permission: the one-step dispense is still refused.
      await page.getByRole('button', { name: ONE_STEP }).click();
      const refusal = page.getByRole('alert');
      await refusal.getByText(/^Authorize and dispense is refused\./).waitFor();
      assert.equal(await refusal.locator('[data-code="PROGRAM_RMA_NUMBER_MISSING"]').count(), 1);
      const dispensed = await services.db.selectFrom('dispenses').select('id').where('authorization_id', '=', authorized.id).execute();
      assert.deepEqual(dispensed, []);
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
    }
  });
});
