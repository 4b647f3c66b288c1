// Issue 10 §6 in a browser, on the demo practice: the worklist is triaged into groups with counts,
// the search box narrows the cards, a card's action button opens the patient's page with the right
// panel open, a routine item is snoozed and leaves the list; the page passes axe at 1280 and 390 px
// and never scrolls sideways on the phone, where the filters start folded.
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
  visit,
  watchPageErrors,
} from './support/browser.js';
import { present } from '../support/present.js';

const PRESCRIBER = present(DEMO_LOGINS.find((login) => login.role === 'prescriber')).email;
const GROUPS = ['Urgent alerts', 'Blocks a fill this week', 'Due soon', 'Routine'];

async function openWorklist(page: Page): Promise<void> {
  await logInAs(page, PRESCRIBER);
  // The worklist is the care team's home page.
  await visit(page, '/', 'Worklist');
  await page.locator('.rx-worklist-group').first().waitFor();
}

/** The count a group's heading shows, e.g. "Routine (2)" → 2. */
async function groupCount(page: Page, title: string): Promise<number> {
  const heading = (await page.getByRole('heading', { level: 2, name: new RegExp(`^${title}`) }).textContent()) ?? '';
  const match = /\((\d+)\)/.exec(heading);
  assert.ok(match, heading);
  return Number(match[1]);
}

describe('the triaged worklist in a browser', { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();

  test('groups with counts; search narrows the cards; an action opens the patient page with the right panel open', async () => {
    const page = await demo.openPage('desktop');
    const errors = watchPageErrors(page);
    try {
      await openWorklist(page);
      let total = 0;
      for (const title of GROUPS) {
        const count = await groupCount(page, title);
        const cards = await page
          .locator('section.rx-worklist-group', { has: page.getByRole('heading', { level: 2, name: new RegExp(`^${title}`) }) })
          .locator('li.rx-worklist-card')
          .count();
        assert.equal(cards, count, `${title}: the count is the number of cards`);
        total += count;
      }
      assert.ok(total > 0, 'the demo practice has something to do');
      const counts = page.getByRole('list', { name: 'Items per group' });
      for (const title of GROUPS) {
        await counts.getByRole('link', { name: new RegExp(title) }).waitFor();
      }
      // Plain words first: the title has no code; the code is there, small.
      const firstCard = page.locator('li.rx-worklist-card').first();
      assert.doesNotMatch((await firstCard.locator('.rx-worklist-title').textContent()) ?? '', /[A-Z]{2,}_[A-Z]/);
      assert.ok((await firstCard.locator('.rx-worklist-codes .rx-code').first().textContent())?.length);

      // Search by a patient's name keeps that patient's cards only.
      const name = ((await firstCard.locator('h3').textContent()) ?? '').trim();
      await page.getByLabel('Search by patient, program ID or code').fill(name.split(' ')[1] ?? name);
      const shownNames = await page.locator('li.rx-worklist-card h3').allTextContents();
      assert.ok(shownNames.length > 0 && shownNames.length < total, `${shownNames.length} of ${total}`);
      assert.ok(
        shownNames.every((shown) => shown.trim() === name),
        shownNames.join(', '),
      );
      await page
        .getByRole('status')
        .filter({ hasText: /items? shown/ })
        .waitFor();
      // A search matching nothing says so in every group.
      await page.getByLabel('Search by patient, program ID or code').fill('no such patient anywhere');
      assert.equal(await page.locator('li.rx-worklist-card').count(), 0);
      await page.getByLabel('Search by patient, program ID or code').fill('');

      // The group filter shows one group only.
      await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Routine' });
      assert.equal(await page.locator('section.rx-worklist-group').count(), 1);
      // A lab card's button opens the patient page with the lab form open and focused.
      const labCard = page.locator('li.rx-worklist-card[data-group="routine"]').first();
      await labCard.getByRole('link', { name: /^Record the lab result/ }).click();
      await page.waitForURL(/\/patients\/[0-9a-f-]{36}#action-lab$/);
      const panel = page.locator('details#action-lab');
      await panel.locator('form').waitFor();
      assert.equal(await panel.evaluate((element) => (element as HTMLDetailsElement).open), true, 'the lab panel is open');
      assert.equal(await page.evaluate(() => document.activeElement?.closest('details')?.id), 'action-lab', 'and has the focus');
      // The patient page's headline is the same words as the worklist's badge comes from.
      await page.getByTestId('state-headline').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
    }
  });

  test('a routine item is snoozed to a day and leaves the list; the page passes axe at 1280 px', async () => {
    const page = await demo.openPage('desktop');
    try {
      await openWorklist(page);
      await expectNoSeriousA11yViolations(page, 'worklist (desktop)');
      const routineBefore = await groupCount(page, 'Routine');
      assert.ok(routineBefore > 0, 'the demo has a routine item');
      const card = page.locator('li.rx-worklist-card[data-group="routine"]').first();
      const code = await card.getAttribute('data-code');
      const name = ((await card.locator('h3').textContent()) ?? '').trim();
      // Urgent and fill-blocking cards offer no snooze.
      for (const group of ['urgent', 'blocksFill']) {
        assert.equal(
          await page
            .locator(`li.rx-worklist-card[data-group="${group}"]`)
            .getByRole('button', { name: /^Snooze/ })
            .count(),
          0,
          group,
        );
      }
      await card.getByRole('button', { name: /^Snooze/ }).click();
      const form = page.getByRole('form', { name: `Snooze for ${name}` });
      await expectNoSeriousA11yViolations(page, 'worklist with the snooze form open');
      await form.getByRole('button', { name: 'Snooze' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /snoozed until/ })
        .waitFor();
      await page.waitForFunction(([selector, before]) => document.querySelectorAll(selector).length === before - 1, [
        'li.rx-worklist-card[data-group="routine"]',
        routineBefore,
      ] as const);
      assert.equal(await groupCount(page, 'Routine'), routineBefore - 1);
      const same = page.locator(`li.rx-worklist-card[data-code="${code}"]`, { has: page.getByRole('heading', { level: 3, name }) });
      assert.equal(await same.count(), 0, 'the snoozed item is no longer listed');
      // Still in sight, folded away: the snoozed list names the patient and the day it comes back.
      const snoozed = page.locator('details.rx-worklist-snoozed');
      await snoozed.locator('summary').click();
      await snoozed.getByRole('link', { name }).waitFor();
      await expectNoSeriousA11yViolations(page, 'worklist with the snoozed list open');
    } finally {
      await page.context().close();
    }
  });

  test('on a 390 px phone: axe passes, nothing scrolls sideways, filters start folded and open on a tap', async () => {
    const page = await demo.openPage('phone');
    try {
      await openWorklist(page);
      await expectNoSeriousA11yViolations(page, 'worklist (phone)');
      await expectNoSidewaysScroll(page, 'worklist (phone)');
      const filters = page.locator('details.rx-worklist-filters');
      assert.equal(await filters.evaluate((element) => (element as HTMLDetailsElement).open), false, 'folded on a phone');
      await filters.locator('summary').click();
      await page.getByLabel('Group', { exact: true }).waitFor();
      await expectNoSidewaysScroll(page, 'worklist (phone, filters open)');
      // Cards stack: each is as wide as the list, one under the other.
      const boxes = await page
        .locator('li.rx-worklist-card')
        .evaluateAll((cards) => cards.slice(0, 3).map((card) => card.getBoundingClientRect().toJSON() as DOMRect));
      for (let index = 1; index < boxes.length; index += 1) {
        assert.ok(present(boxes[index]).top >= present(boxes[index - 1]).bottom - 1, 'stacked');
      }
      for (const box of boxes) {
        assert.ok(box.right <= 390, `a card ends at ${box.right} px`);
      }
    } finally {
      await page.context().close();
    }
  });
});
