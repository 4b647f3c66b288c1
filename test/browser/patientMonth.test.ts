// The patient's own part of a monthly cycle, in a real browser (issue 10, item 2): a patient who can
// get pregnant, on treatment, whose month has its pregnancy test, counseling and prescription, logs
// in and lands on her to-do page. Her part takes 3 counted actions — follow the to-do item to this
// month's page, tick the confirmation of the two methods she uses, send — the answers to the
// program's questions are not counted. The item leaves her list at once. Her to-do page and her
// wallet card show her program identifier; the card's QR code is the `qrcode` library's own
// encoding of it. axe at 1280 and 390 px on the new pages.
//
// Her history is written through the real use cases, dated relative to today like the demo's:
// enrolled 58 days ago, screened and contraception declared 50 days ago (in use for 90), first
// month qualified and filled 29 days ago (30 days' supply: the last capsule is today), and today
// the monthly test, the counseling and the prescription.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import QRCode from 'qrcode';
import type { Page } from 'playwright-core';
import { addDays } from '../../src/domain/dates.js';
import { programToday } from '../../src/services/context.js';
import { COMPREHENSION_QUESTIONS } from '../../web/src/pages/patient/comprehensionQuestions.js';
import { groupedProgramId, QR_OPTIONS } from '../../web/src/pages/patient/programId.js';
import { MONTHLY_PATIENT, patientDueHerPart } from './support/patientMonth.js';
import { demoServerInBrowser, expectNoSeriousA11yViolations, logInAs, skipWithoutChromium, watchPageErrors } from './support/browser.js';

const PATIENT = MONTHLY_PATIENT;

/** Counts the patient's actions: each click, tick or navigation goes through here. */
function actionCounter() {
  const actions: string[] = [];
  return {
    actions,
    async click(what: string, locator: ReturnType<Page['getByRole']>) {
      actions.push(what);
      await locator.click();
    },
    async check(what: string, locator: ReturnType<Page['getByRole']>) {
      actions.push(what);
      await locator.check();
    },
  };
}

describe("the patient's part of the month in a browser: 3 actions, and her wallet card", { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();
  let programId = '';

  test('set up: a patient on treatment due for her questions and her confirmation', async () => {
    ({ programId } = await patientDueHerPart(demo.server.services));
  });

  test('after log-in she lands on her to-do page; questions and confirmation take 3 actions; the item leaves her list at once', async () => {
    const page = await demo.openPage('desktop');
    const errors = watchPageErrors(page);
    await page.goto('/');
    await logInAs(page, PATIENT.email, PATIENT.password);
    await page.getByRole('heading', { level: 1, name: 'To do' }).waitFor();
    await page.getByText(`Your program identifier: ${groupedProgramId(programId)}`).waitFor();
    await expectNoSeriousA11yViolations(page, 'to-do page with her part due (1280 px)');
    const counted = actionCounter();

    const item = "Answer this month's questions";
    await counted.click("open this month's page", page.getByRole('link', { name: item, exact: true }));
    const form = page.getByRole('form', { name: 'Comprehension questions' });
    await form.waitFor();
    await expectNoSeriousA11yViolations(page, "this month's questions and confirmation (1280 px)");
    for (const question of COMPREHENSION_QUESTIONS) {
      // The answers are the program's questions: not counted.
      await form.getByRole('group', { name: question.question }).getByRole('radio', { name: question.options[question.correct], exact: true }).check();
    }
    await counted.check('confirm her two methods', form.getByRole('checkbox', { name: 'I use these methods: Copper IUD + Male condom' }));
    await counted.click('send', form.getByRole('button', { name: 'Check my answers' }));
    await page.getByRole('heading', { name: `All ${COMPREHENSION_QUESTIONS.length} answers are right: passed.` }).waitFor();
    await page.getByText(/^Birth control confirmed for .*: Copper IUD \+ Male condom, in use since /).waitFor();
    console.log(`the patient's part of the month: ${counted.actions.length} actions (${counted.actions.join(', ')})`);
    assert.equal(counted.actions.length, 3);

    await page.getByRole('link', { name: 'Back to your to-do list' }).click();
    await page.getByRole('heading', { level: 1, name: 'To do' }).waitFor();
    await page.getByRole('heading', { name: 'Already done' }).waitFor();
    assert.equal(await page.getByRole('link', { name: item }).count(), 0, 'the questions have left her list');
    assert.equal(await page.getByText("This month's questions passed").count(), 1);
    assert.equal(await page.getByText('Birth control confirmed').count(), 1);
    assert.equal(await page.getByText(/Confirm your two birth-control methods|birth control needs your care team/).count(), 0);

    const stored = await demo.server.services.db
      .selectFrom('contraception_declarations as c')
      .innerJoin('patients as p', 'p.id', 'c.patient_id')
      .select(['c.entered_by', 'c.methods', 'c.started_on', 'c.declared_on'])
      .where('p.program_id', '=', programId)
      .orderBy('c.recorded_at', 'desc')
      .executeTakeFirstOrThrow();
    const today = programToday(demo.server.services);
    assert.deepEqual(stored, { entered_by: 'patient', methods: ['iudCopper', 'maleCondom'], started_on: addDays(today, -90), declared_on: today });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('her wallet card: the identifier as text and as the QR code the library makes of it; printable; axe at 1280 and 390 px', async () => {
    const expected = await QRCode.toString(programId, QR_OPTIONS);
    const expectedPaths = [...expected.matchAll(/<path [^>]*\bd="([^"]+)"/g)].map((match) => match[1]);
    assert.ok(expectedPaths.length >= 2);
    for (const size of ['desktop', 'phone'] as const) {
      const page = await demo.openPage(size);
      const errors = watchPageErrors(page);
      await page.goto('/');
      await logInAs(page, PATIENT.email, PATIENT.password);
      if (size === 'phone') {
        await page.getByRole('button', { name: 'Menu' }).click();
      }
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Wallet card' }).click();
      await page.getByRole('heading', { level: 1, name: 'Wallet card' }).waitFor();
      const card = page.locator('.wallet-card');
      await card.getByText(groupedProgramId(programId), { exact: true }).waitFor();
      await card.getByText('Mar 3, 2002').waitFor();
      await card.getByText('Elm Street Pharmacy (demo)').waitFor();
      const qr = card.getByRole('img', { name: `QR code of your program identifier ${groupedProgramId(programId)}` });
      await qr.waitFor();
      assert.equal(await qr.evaluate((element) => element.tagName.toLowerCase()), 'svg');
      const drawn = await qr.locator('path').evaluateAll((paths) => paths.map((path) => path.getAttribute('d')));
      assert.deepEqual(drawn, expectedPaths, "the QR code is the library's encoding of the identifier");
      await expectNoSeriousA11yViolations(page, `wallet card (${size})`);

      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() =>
        [...document.querySelectorAll('main h1, nav, .wallet-card, .wallet-card .program-id')].map((element) => [
          element.className || element.tagName,
          getComputedStyle(element).visibility,
        ]),
      );
      assert.deepEqual(
        printed.filter(([, visibility]) => visibility === 'visible').map(([name]) => name),
        ['wallet-card', 'program-id'],
        'printing shows the card alone',
      );
      await page.emulateMedia({ media: 'screen' });

      if (size === 'phone') {
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Questions' }).click();
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.getByRole('form', { name: 'Comprehension questions' }).waitFor();
        await expectNoSeriousA11yViolations(page, "this month's questions (phone)");
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'To do' }).click();
        await page.getByRole('heading', { level: 1, name: 'To do' }).waitFor();
        await page.getByText(`Your program identifier: ${groupedProgramId(programId)}`).waitFor();
        await expectNoSeriousA11yViolations(page, 'to-do page (phone)');
      }
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });
});
