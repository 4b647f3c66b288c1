// Every page of every role's navigation, in a real browser, on a desktop and a phone-sized screen:
// it opens (no "Page not found", nothing left loading), axe-core finds no serious accessibility
// violation, nothing makes the page scroll sideways, and no script error or CSP refusal happens.
// The pages come from the navigation itself, so a new page is checked as soon as it is linked.
// (The admin's pages are checked the same way in admin.test.ts.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_LOGINS } from '../../src/demo/demoPractice.js';
import {
  demoServerInBrowser,
  expectNoSeriousA11yViolations,
  expectNoSidewaysScroll,
  logInAs,
  type ScreenSize,
  skipWithoutChromium,
  watchPageErrors,
} from './support/browser.js';
import { present } from '../support/present.js';

const ROLES = ['prescriber', 'delegate', 'pharmacist', 'patient'] as const;

async function navigationLinks(page: Page): Promise<string[]> {
  return page
    .getByRole('navigation', { name: 'Main', includeHidden: true })
    .getByRole('link', { includeHidden: true })
    .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? '/'));
}

/** Waits for the page's heading and for its data: no "Loading …" left. */
async function settled(page: Page): Promise<string> {
  await page.locator('main h1').first().waitFor();
  await page.locator('.loading').first().waitFor({ state: 'detached' });
  return ((await page.locator('main h1').first().textContent()) ?? '').trim();
}

describe('every page of every role in a browser', { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();

  for (const role of ROLES) {
    for (const size of ['desktop', 'phone'] as const satisfies readonly ScreenSize[]) {
      test(`${role}, ${size}: each page opens, passes axe, fits the screen, no script error`, async () => {
        const page = await demo.openPage(size);
        const errors = watchPageErrors(page);
        try {
          await logInAs(page, present(DEMO_LOGINS.find((login) => login.role === role)).email);
          const paths = await navigationLinks(page);
          assert.ok(paths.length >= 2, `${role} has pages: ${paths.join(', ')}`);
          if (role === 'prescriber' || role === 'delegate') {
            // And a patient's page, the one they spend the most time on.
            await page.goto('/patients');
            await settled(page);
            const patientLink = await page
              .locator('main a[href^="/patients/"]')
              .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? '').filter((href) => /^\/patients\/[0-9a-f-]{36}$/.test(href)));
            assert.ok(patientLink.length > 0, 'the patients list links to patient pages');
            paths.push(present(patientLink[0]));
          }
          for (const path of paths) {
            await page.goto(path);
            const heading = await settled(page);
            assert.notEqual(heading, 'Page not found', `${role} ${path}`);
            await expectNoSeriousA11yViolations(page, `${role} ${path} (${size})`);
            await expectNoSidewaysScroll(page, `${role} ${path} (${size})`);
          }
          assert.deepEqual(errors, [], `script errors or CSP refusals on ${role}'s pages`);
        } finally {
          await page.context().close();
        }
      });
    }
  }

  test('the navigation works by keyboard alone: Tab reaches the links, Enter follows one', async () => {
    const page = await demo.openPage('desktop');
    try {
      await logInAs(page, present(DEMO_LOGINS.find((login) => login.role === 'pharmacist')).email);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content', 'the first Tab stop skips to the content');
      let reached = '';
      for (let press = 0; press < 10 && reached !== 'Waiting fills'; press += 1) {
        await page.keyboard.press('Tab');
        reached = (await page.evaluate(() => document.activeElement?.textContent ?? '')).trim();
      }
      assert.equal(reached, 'Waiting fills');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/queue$/);
      await settled(page);
    } finally {
      await page.context().close();
    }
  });
});
