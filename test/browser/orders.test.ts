// The online pharmacy's journeys (issue 6) in a real browser against the real server and database
// (the demo practice, the real clock): the demo patient orders her prescription for delivery; the
// demo pharmacist requests the authorization, dispenses, packs, ships and marks it delivered; the
// patient sees it delivered with its tracking, writes to the pharmacy and reads the answer; she
// rates the service, the pharmacist publishes her comment, and the public ratings page shows it
// without her name. The public medicine pages open without a log-in. Every step goes through the
// pages as a person would, found by their accessible names (roles, labels, text).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_LOGINS } from '../../src/demo/demoPractice.js';
import { setPrice } from '../../src/services/orders/prices.js';
import {
  demoServerInBrowser,
  expectNoSeriousA11yViolations,
  expectNoSidewaysScroll,
  logInAs,
  skipWithoutChromium,
  watchPageErrors,
} from './support/browser.js';
import { present } from '../support/present.js';

const email = (role: (typeof DEMO_LOGINS)[number]['role']) => present(DEMO_LOGINS.find((login) => login.role === role)).email;

const PHARMACY = 'Elm Street Pharmacy (demo)';
const PATIENT_NAME = 'Maya Lindqvist';
const COMMENT = 'Arrived quickly and well packed.';
const CARRIER = 'UPS';
const TRACKING = '1Z999AA10123456784';

/** Today plus some days, YYYY-MM-DD in New York (the program's and the demo clinic's zone). */
function day(offset: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offset * 86_400_000),
  );
}

/** Waits for the page's heading and for its data: no "Loading …" left. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.locator('.loading').first().waitFor({ state: 'detached' });
}

describe(
  'the online pharmacy in a browser: order → authorize, dispense, pack, ship, deliver → support → rating → public pages',
  { skip: skipWithoutChromium },
  () => {
    const demo = demoServerInBrowser();
    const errors: string[] = [];
    let orderId = '';

    before(async () => {
      // Orders need the pharmacy's price for the prescribed strength (the demo prescriptions are
      // 30 mg). Set today as the pharmacist would; a second entry for a strength the seed already
      // prices is harmless (the latest entry is in force).
      const services = demo.server.services;
      const pharmacist = await services.db
        .selectFrom('users')
        .select(['id', 'organization_id'])
        .where('email', '=', email('pharmacist'))
        .executeTakeFirstOrThrow();
      await setPrice(
        services,
        { userId: pharmacist.id, role: 'pharmacist', organizationId: pharmacist.organization_id, supervisingPrescriberId: null, ip: null },
        { strengthMg: 30, unitPriceCents: 450, effectiveOn: day(0) },
      );
    });

    async function pageAs(role: 'patient' | 'pharmacist' | null, size: 'desktop' | 'phone' = 'desktop'): Promise<Page> {
      const page = await demo.openPage(size);
      const pageErrors = watchPageErrors(page);
      page.on('close', () => errors.push(...pageErrors));
      await page.goto(role === null ? '/medicine' : '/');
      if (role !== null) {
        await logInAs(page, email(role));
      }
      return page;
    }

    test('the patient orders her prescription from her to-do list: exactly as prescribed, the ZIP code checked as she types', async () => {
      const page = await pageAs('patient');
      await page.getByRole('link', { name: 'Order your fill' }).click();
      await page.getByRole('heading', { level: 1, name: 'Order your capsules' }).waitFor();
      const form = page.getByRole('form', { name: 'Order your prescription' });
      await form.waitFor();
      // What is ordered is shown, not asked: no field for the strength or the quantity.
      const what = form.getByRole('region', { name: 'What you order' });
      assert.match((await what.textContent()) ?? '', /30 mg — \d+ capsules/);
      assert.equal(await form.getByRole('spinbutton').count(), 0, 'no number to change');
      assert.equal(await form.getByLabel(/strength|quantity|capsules/i).count(), 0, 'no strength or quantity field');
      await expectNoSeriousA11yViolations(page, 'the order form');

      // Each pharmacy is offered with what this order would cost there (30 capsules at $4.50).
      const pharmacy = form.getByLabel('Pharmacy').locator('option', { hasText: PHARMACY });
      assert.match((await pharmacy.textContent()) ?? '', /\$135\.00/);
      await form.getByLabel('Pharmacy').selectOption((await pharmacy.getAttribute('value')) ?? '');
      assert.equal(await form.getByLabel('Name of the recipient').inputValue(), PATIENT_NAME, 'the recipient is the patient unless she changes it');
      await form.getByLabel('Street address').fill('12 Harbor Lane');
      await form.getByLabel('City').fill('Portland');
      await form.getByLabel('State').fill('ME');
      const zip = form.getByLabel('ZIP code');
      await zip.fill('0410');
      await zip.press('Tab');
      const zipError = form.getByRole('alert').filter({ hasText: 'A US ZIP code: 5 digits' });
      await zipError.waitFor();
      assert.equal(await zip.getAttribute('aria-invalid'), 'true');
      // The message goes as soon as the code is right, while typing.
      await zip.pressSequentially('1');
      await zipError.waitFor({ state: 'detached' });
      await expectNoSeriousA11yViolations(page, 'the order form with a field error');

      await form.getByRole('button', { name: 'Place the order' }).click();
      await page.getByRole('status').filter({ hasText: 'Your order is placed.' }).waitFor();
      orderId = new URL(page.url()).pathname.replace(/^\/orders\//, '');
      assert.match(orderId, /^[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: /30 mg, \d+ capsules/ }).waitFor();
      await page.getByText('Waiting for the program’s authorization', { exact: true }).waitFor();
      await page.getByText(/^Last day to authorize: /).waitFor();
      await page.getByText('12 Harbor Lane').waitFor();
      await expectNoSeriousA11yViolations(page, 'a placed order');

      // The order list has it; no second order is offered for the same prescription.
      await page.getByRole('link', { name: '← All orders' }).click();
      await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
      await settled(page);
      const list = page.getByRole('list', { name: 'Your orders, newest first' });
      await list.getByRole('link', { name: /30 mg/ }).first().waitFor();
      assert.equal(await page.getByRole('link', { name: 'Place an order' }).count(), 0);
      await expectNoSeriousA11yViolations(page, "the patient's orders");
      await page.context().close();
    });

    test('the pharmacist requests the authorization, dispenses, packs, ships and marks the order delivered', async () => {
      assert.notEqual(orderId, '', 'ordered first');
      const page = await pageAs('pharmacist');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
      await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
      await settled(page);
      const row = page.getByRole('row').filter({ hasText: PATIENT_NAME }).filter({ hasText: 'Awaiting authorization' });
      await row.getByRole('link', { name: new RegExp(`^Request authorization: ${PATIENT_NAME}, order of `) }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^Order of ${PATIENT_NAME}`) }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/orders/${orderId}`);
      await settled(page);
      await expectNoSeriousA11yViolations(page, 'an order awaiting authorization at the pharmacy');

      // The authorization: its RMA number and the date not to dispense after.
      await page.getByRole('form', { name: 'Request the authorization' }).getByRole('button', { name: 'Request authorization' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^Authorized: RMA \S+\. Dispense it by / })
        .waitFor();
      await page.getByText('Release to carrier by (do not dispense after)').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Next step: Dispense' }).waitFor();

      // The dispense: refused without the Medication Guide, recorded with it.
      const dispense = page.getByRole('form', { name: 'Dispense the order' });
      await dispense.getByRole('button', { name: 'Dispense' }).click();
      await dispense.getByRole('alert').filter({ hasText: 'Put the Medication Guide in the package' }).waitFor();
      await dispense.getByLabel('The Medication Guide goes in the package').check();
      await dispense.getByRole('button', { name: 'Dispense' }).click();
      await page.getByRole('status').filter({ hasText: 'Dispensed. Pack it with the Medication Guide, then ship it.' }).waitFor();

      await page.getByRole('form', { name: 'Record the packing' }).getByRole('button', { name: 'Packed' }).click();
      await page.getByRole('status').filter({ hasText: 'Packed. Ship it with its carrier and tracking number.' }).waitFor();

      // The shipment: a tracking number with a space is refused as it is typed.
      const ship = page.getByRole('form', { name: 'Ship the order' });
      await ship.getByLabel('Carrier').fill(CARRIER);
      const tracking = ship.getByLabel('Tracking number');
      await tracking.fill('1Z 999');
      await tracking.press('Tab');
      const trackingError = ship.getByRole('alert').filter({ hasText: '4 to 64 letters, digits or dashes, no spaces.' });
      await trackingError.waitFor();
      await expectNoSeriousA11yViolations(page, 'the shipping form with a field error');
      await tracking.fill('');
      await tracking.pressSequentially(TRACKING);
      await trackingError.waitFor({ state: 'detached' });
      await ship.getByRole('button', { name: 'Ship' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^Shipped\. Delivery promised by / })
        .waitFor();
      await page.getByText(`${CARRIER} ${TRACKING}`, { exact: false }).waitFor();

      const deliver = page.getByRole('form', { name: 'Mark the order delivered' });
      await deliver.getByLabel('Delivered on').fill(day(0));
      await deliver.getByRole('button', { name: 'Mark delivered' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^Marked delivered on / })
        .waitFor();
      await expectNoSeriousA11yViolations(page, 'a delivered order at the pharmacy');

      // Paid by invoice: more than is due is refused as it is typed, then the $135.00 is recorded.
      const payment = page.getByRole('form', { name: 'Record a payment received' });
      await payment.getByLabel('Amount (US dollars)').fill('200');
      await payment.getByLabel('Reference').focus();
      await payment
        .getByText(/at most/i)
        .first()
        .waitFor();
      await payment.getByLabel('Amount (US dollars)').fill('135.00');
      await payment.getByLabel('Reference').fill('INV-2026-0042');
      await payment.getByRole('button', { name: 'Record the payment' }).click();
      await page.getByRole('form', { name: 'Record a payment received' }).waitFor({ state: 'detached' });
      const paid = await demo.server.services.db.selectFrom('order_payments').select(['amount_cents', 'reference']).where('order_id', '=', orderId).execute();
      assert.deepEqual(paid, [{ amount_cents: 13_500, reference: 'INV-2026-0042' }]);

      // Stored once each, whatever the page did.
      const db = demo.server.services.db;
      const order = await db.selectFrom('orders').select(['prescription_id']).where('id', '=', orderId).executeTakeFirstOrThrow();
      const dispenses = await db
        .selectFrom('dispenses as d')
        .innerJoin('authorizations as a', 'a.id', 'd.authorization_id')
        .select(['d.strength_mg', 'd.medication_guide_given'])
        .where('a.prescription_id', '=', order.prescription_id)
        .execute();
      assert.deepEqual(dispenses, [{ strength_mg: 30, medication_guide_given: true }]);
      const shipments = await db.selectFrom('order_shipments').select(['carrier', 'tracking_number']).where('order_id', '=', orderId).execute();
      assert.deepEqual(shipments, [{ carrier: CARRIER, tracking_number: TRACKING }]);

      // Delivered orders leave the open queue.
      await page.getByRole('link', { name: '← Order queue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
      await settled(page);
      assert.equal(await page.locator(`a[href="/orders/${orderId}"]`).count(), 0, 'the delivered order is no longer in the queue');
      await expectNoSeriousA11yViolations(page, "the pharmacy's orders");
      await page.context().close();
    });

    test('the patient sees her order delivered with its tracking, writes to the pharmacy, and reads its answer', async () => {
      assert.notEqual(orderId, '', 'ordered first');
      const patient = await pageAs('patient');
      await patient.goto(`/orders/${orderId}`);
      await settled(patient);
      await patient.getByText('Delivered', { exact: true }).first().waitFor();
      await patient.getByText(new RegExp(`with ${CARRIER}, tracking number ${TRACKING}\\.`)).waitFor();
      await patient.getByText(/^Delivered .+\.$/).waitFor();
      await patient.getByText('Nothing to pay').waitFor();
      await expectNoSeriousA11yViolations(patient, 'a delivered order');

      await patient.getByRole('link', { name: 'Messages with the pharmacy about this order' }).click();
      await patient.getByRole('heading', { level: 1, name: 'Messages about your order' }).waitFor();
      await settled(patient);
      const question = 'The box was left with my neighbour. Is that all right for this medicine?';
      const write = patient.getByRole('form', { name: 'Your message' });
      await write.getByLabel('Your message').fill(question);
      await write.getByRole('button', { name: 'Send message' }).click();
      await patient.getByRole('status').filter({ hasText: "Waiting for the pharmacy's answer." }).waitFor();
      await patient.getByRole('list', { name: 'Messages, oldest first' }).getByText(question).waitFor();
      await expectNoSeriousA11yViolations(patient, "the patient's thread, waiting");

      const pharmacist = await pageAs('pharmacist');
      await pharmacist.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support messages' }).click();
      await pharmacist.getByRole('heading', { level: 1, name: 'Support messages' }).waitFor();
      await settled(pharmacist);
      await expectNoSeriousA11yViolations(pharmacist, "the pharmacy's support queue");
      await pharmacist.getByRole('link', { name: new RegExp(`^Answer: ${PATIENT_NAME}, order of `) }).click();
      await pharmacist.getByRole('heading', { level: 1, name: 'Messages about an order' }).waitFor();
      await settled(pharmacist);
      assert.equal(new URL(pharmacist.url()).pathname, `/support/${orderId}`);
      await pharmacist.getByText(question).waitFor();
      const answer = 'Yes, that is fine: keep the capsules at room temperature, away from others.';
      const reply = pharmacist.getByRole('form', { name: 'Your answer' });
      await reply.getByLabel('Your answer').fill(answer);
      await reply.getByRole('button', { name: 'Send answer' }).click();
      await pharmacist.getByText('Nothing is waiting for an answer.').waitFor();
      await pharmacist.getByRole('list', { name: 'Messages, oldest first' }).getByText(answer).waitFor();
      await expectNoSeriousA11yViolations(pharmacist, 'a thread answered by the pharmacy');
      await pharmacist.context().close();

      // The patient, on her list of threads and then in the thread.
      await patient.getByRole('link', { name: 'All my messages' }).click();
      await patient.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
      await settled(patient);
      await patient.getByText('The pharmacy answered').waitFor();
      await expectNoSeriousA11yViolations(patient, "the patient's messages");
      await patient
        .getByRole('link', { name: /^Order of / })
        .first()
        .click();
      await patient.getByRole('heading', { level: 1, name: 'Messages about your order' }).waitFor();
      assert.equal(new URL(patient.url()).pathname, `/orders/${orderId}/messages`, 'the latest thread first');
      await settled(patient);
      const thread = patient.getByRole('list', { name: 'Messages, oldest first' });
      await thread.getByText(answer).waitFor();
      assert.equal(await patient.getByText("Waiting for the pharmacy's answer.").count(), 0);
      await patient.context().close();
    });

    test('the patient rates the service; the pharmacist publishes her comment; the public page shows it without her name', async () => {
      assert.notEqual(orderId, '', 'ordered first');
      const patient = await pageAs('patient');
      await patient.goto(`/orders/${orderId}`);
      await settled(patient);
      await patient.getByRole('link', { name: 'Rate this order’s service' }).click();
      await patient.getByRole('heading', { level: 1, name: `Rate ${PHARMACY}` }).waitFor();
      const form = patient.getByRole('form', { name: 'Rate the pharmacy’s service' });
      await form.getByRole('group', { name: 'Delivery' }).getByRole('radio', { name: '5 — excellent' }).check();
      await form.getByRole('group', { name: 'Packaging' }).getByRole('radio', { name: '4 — good' }).check();
      await form.getByRole('group', { name: 'Support' }).getByRole('radio', { name: '5 — excellent' }).check();
      await form.getByLabel('A comment about the service (optional)').fill(COMMENT);
      await expectNoSeriousA11yViolations(patient, 'the rating form');
      await form.getByRole('button', { name: 'Send my rating' }).click();
      await patient.getByRole('heading', { name: 'Thank you: your rating was sent.' }).waitFor();
      await patient.getByText('Your comment waits for the pharmacy to review it', { exact: false }).waitFor();
      await patient.context().close();

      const pharmacist = await pageAs('pharmacist');
      await pharmacist.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patient feedback' }).click();
      await pharmacist.getByRole('heading', { level: 1, name: 'Patient feedback' }).waitFor();
      await settled(pharmacist);
      assert.equal(await pharmacist.getByText(PATIENT_NAME).count(), 0, 'no patient is named on the moderation page');
      await expectNoSeriousA11yViolations(pharmacist, "the pharmacy's feedback");
      const item = pharmacist.getByRole('listitem').filter({ hasText: COMMENT });
      await item.getByRole('button', { name: 'Publish the comment' }).click();
      await pharmacist
        .getByRole('listitem')
        .filter({ hasText: COMMENT })
        .getByText(/^Published on /)
        .waitFor();
      await pharmacist.context().close();

      // A visitor without a log-in.
      const visitor = await pageAs(null);
      await visitor.goto('/medicine/service-ratings');
      await visitor.getByRole('heading', { level: 1, name: 'Pharmacy service ratings' }).waitFor();
      await settled(visitor);
      const card = visitor.getByRole('article', { name: PHARMACY });
      await card.getByText(COMMENT).waitFor();
      // The averages are those of every rating the pharmacy got, hers included.
      const averages = await demo.server.services.db
        .selectFrom('service_feedback as f')
        .innerJoin('organizations as o', 'o.id', 'f.pharmacy_id')
        .select((eb) => [
          eb.fn.avg<string>('f.delivery').as('delivery'),
          eb.fn.avg<string>('f.packaging').as('packaging'),
          eb.fn.avg<string>('f.support').as('support'),
          eb.fn.countAll<string>().as('count'),
        ])
        .where('o.name', '=', PHARMACY)
        .executeTakeFirstOrThrow();
      const averageList = card.getByRole('list').first();
      for (const [aspect, average] of [
        ['Delivery', averages.delivery],
        ['Packaging', averages.packaging],
        ['Support', averages.support],
      ] as const) {
        const count = Number(averages.count);
        const said = ((await averageList.getByRole('listitem').filter({ hasText: aspect }).textContent()) ?? '').replace(/\s+/g, ' ');
        assert.equal(said, `${aspect}${Number(average).toFixed(1)} of 5 (${count} rating${count === 1 ? '' : 's'})`);
      }
      const body = (await visitor.locator('body').textContent()) ?? '';
      assert.ok(!body.includes('Maya') && !body.includes('Lindqvist'), 'the public page names no patient');
      await expectNoSeriousA11yViolations(visitor, 'the public service ratings');
      await visitor.context().close();
    });

    test('the public medicine pages open without a log-in, say when they were reviewed, pass axe and fit a phone', async () => {
      for (const size of ['phone', 'desktop'] as const) {
        const page = await pageAs(null, size);
        for (const path of ['/medicine', '/medicine/faq']) {
          await page.goto(path);
          await settled(page);
          assert.notEqual(((await page.locator('main h1').first().textContent()) ?? '').trim(), 'Page not found', path);
          assert.equal(await page.getByRole('form', { name: 'Log in' }).count(), 0, `${path} asks for no log-in`);
          await page.getByText(/^Last reviewed: /).waitFor();
          await expectNoSeriousA11yViolations(page, `${path} (${size}, no log-in)`);
          await expectNoSidewaysScroll(page, `${path} (${size}, no log-in)`);
        }
        await page.context().close();
      }
      assert.deepEqual(errors, [], 'no uncaught error or CSP refusal on any page of the journeys');
    });
  },
);
