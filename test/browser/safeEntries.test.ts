// Safe entries in a browser (issue 10, item 5), on the demo practice: enrolling someone who looks
// like an existing patient shows the match with a link to her record before a second record can be
// made, and an override with its reason goes through; a weight implausible for the age asks "Yes,
// the weight is right"; a contraception failure is reported by the care team and by the patient on
// her symptoms page, with what to do now. Each page passes axe at 1280 and 390 px.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_LOGINS } from '../../src/demo/demoPractice.js';
import { demoServerInBrowser, expectNoSeriousA11yViolations, logInAs, skipWithoutChromium, watchPageErrors, type ScreenSize } from './support/browser.js';
import { present } from '../support/present.js';

const email = (role: (typeof DEMO_LOGINS)[number]['role']) => present(DEMO_LOGINS.find((login) => login.role === role)).email;

/** Maya Lindqvist, born 2004-05-14, a demo patient of Dr. Rivera (src/demo/demoPractice.ts). */
const MAYA = { givenName: 'Maya', familyName: 'Lindqvist', birthDate: '2004-05-14' };

describe('safe entries in a browser', { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();

  async function pageAs(role: (typeof DEMO_LOGINS)[number]['role'], size: ScreenSize = 'desktop'): Promise<{ page: Page; errors: string[] }> {
    const page = await demo.openPage(size);
    const errors = watchPageErrors(page);
    await page.goto('/');
    await logInAs(page, email(role));
    return { page, errors };
  }

  for (const size of ['desktop', 'phone'] as const) {
    test(`enrolling someone who looks like an existing patient shows the match with a link; an override with a reason enrolls (${size})`, async () => {
      const { page, errors } = await pageAs('prescriber', size);
      await page.goto('/patients/new');
      const form = page.getByRole('form', { name: 'Enroll a patient' });
      // Names swapped and in other cases: still the same person.
      await form.getByLabel('Given name').fill(MAYA.familyName.toUpperCase());
      await form.getByLabel('Family name').fill(MAYA.givenName.toLowerCase());
      await form.getByLabel('Date of birth').fill(MAYA.birthDate);
      await form.getByRole('button', { name: 'Enroll the patient' }).click();
      const warning = form.getByRole('alert').filter({ hasText: 'This patient may already be enrolled' });
      await warning.waitFor();
      const link = warning.getByRole('link', { name: `${MAYA.givenName} ${MAYA.familyName}` });
      assert.match((await link.getAttribute('href')) ?? '', /^\/patients\/[0-9a-f-]{36}$/);
      assert.match((await warning.textContent()) ?? '', /born .*program ID/);
      await expectNoSeriousA11yViolations(page, `the enrollment form with the duplicate warning (${size})`);
      if (size === 'desktop') {
        await warning.getByLabel('Enroll anyway: this is a different person').check();
        await form.getByRole('button', { name: 'Enroll the patient' }).click();
        await form.getByText('Say why this is a different person.').waitFor();
        await warning.getByLabel('Why is this a different person?').fill('Namesake born the same day; checked her ID card');
        await form.getByRole('button', { name: 'Enroll the patient' }).click();
        await page.getByRole('heading', { level: 1, name: `${MAYA.familyName.toUpperCase()} ${MAYA.givenName.toLowerCase()}` }).waitFor();
        assert.match(new URL(page.url()).pathname, /^\/patients\/[0-9a-f-]{36}$/);
      } else {
        await link.click();
        await page.getByRole('heading', { level: 1, name: `${MAYA.givenName} ${MAYA.familyName}` }).waitFor();
      }
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }

  test('a weight implausible for the age asks "Yes, the weight is right"; the care team reports a contraception failure (desktop and phone)', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const { page, errors } = await pageAs('prescriber', size);
      await page.goto('/patients');
      await page
        .getByRole('link', { name: /Priya Raman|Raman/ })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: 'Priya Raman' }).waitFor();

      await page.locator('summary', { hasText: 'Record a weight' }).click();
      const weight = page.getByRole('form', { name: 'Record a weight' });
      await weight.getByLabel('Weight').fill(size === 'desktop' ? '320' : '330');
      await weight.getByRole('button', { name: 'Record the weight' }).click();
      const check = weight.getByRole('alert').filter({ hasText: 'Check the weight' });
      await check.waitFor();
      assert.match((await check.textContent()) ?? '', /35–250 kg/);
      await expectNoSeriousA11yViolations(page, `the weight form asking for confirmation (${size})`);
      await check.getByLabel('Yes, the weight is right').check();
      await weight.getByRole('button', { name: 'Record this weight' }).click();
      await weight.getByRole('status').filter({ hasText: 'recorded' }).waitFor();

      if (size === 'desktop') {
        await page.locator('summary', { hasText: 'Report a contraception failure' }).click();
        const failure = page.getByRole('form', { name: 'Report a contraception failure' });
        await failure.getByRole('button', { name: 'Report it' }).click();
        await failure.getByText('Required.').waitFor();
        await failure.getByLabel('What happened').selectOption('contraceptionFailure');
        await failure.getByRole('button', { name: 'Report it' }).click();
        const told = page.getByRole('alert').filter({ hasText: 'Reported: tell the patient' });
        await told.waitFor();
        assert.match((await told.textContent()) ?? '', /Stop taking the capsules now.*negative pregnancy test collected on or after/s);
        await expectNoSeriousA11yViolations(page, 'the patient page after a contraception failure report');

        // Priya has no log-in of her own: a new activation link is refused in the server's words.
        await page.locator('summary', { hasText: 'Her log-in: a new activation link' }).click();
        const activation = page.getByRole('form', { name: 'A new activation link' });
        await activation.getByRole('button', { name: 'Create a new activation link' }).click();
        await activation.getByRole('alert').filter({ hasText: 'The patient has no log-in of her own.' }).waitFor();
      }
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });

  test('the patient reports unprotected sex on her symptoms page and is told what to do (phone and desktop)', async () => {
    for (const size of ['phone', 'desktop'] as const) {
      const { page, errors } = await pageAs('patient', size);
      await page.goto('/symptoms');
      const form = page.getByRole('form', { name: 'Had sex without protection, or did your birth control fail?' });
      await form.waitFor();
      await expectNoSeriousA11yViolations(page, `the symptoms page with the contraception-failure form (${size})`);
      await form.getByLabel('What happened').selectOption('unprotectedIntercourse');
      await form.getByRole('button', { name: 'Tell my care team' }).click();
      const now = page.getByRole('alert').filter({ hasText: 'What to do now' });
      await now.waitFor();
      assert.match((await now.textContent()) ?? '', /Stop taking the capsules now\..*Call your prescriber today\..*emergency contraception/s);
      await expectNoSeriousA11yViolations(page, `the answer with what to do now (${size})`);
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });
});
