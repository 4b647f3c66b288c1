// The administrator's pages in a real browser (Chromium, driven by playwright-core) against the
// real server on a real database with the demo practice: log in (also by keyboard alone, and with
// a wrong password), the users and their roles, creating an account and recording a
// certification, the clinic settings, the audit trail with its filters, paging and chain
// verification; axe-core finds no serious accessibility violation on any admin page, on a desktop
// or a phone-sized screen, and the phone layout fits its screen.
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
  visit,
  watchPageErrors,
} from './support/browser.js';
import { present } from '../support/present.js';

const ADMIN = present(DEMO_LOGINS.find((login) => login.role === 'admin')).email;

/** Each admin page: its address, its heading, and what shows once its data is loaded. */
const ADMIN_PAGES: ReadonlyArray<{ path: string; heading: string; ready(page: Page): Promise<void> }> = [
  { path: '/', heading: 'Users and roles', ready: (page) => page.getByRole('cell', { name: ADMIN }).waitFor() },
  { path: '/settings', heading: 'Clinic settings', ready: (page) => page.getByRole('button', { name: 'Save settings' }).first().waitFor() },
  { path: '/audit', heading: 'Audit trail', ready: (page) => page.getByRole('table').waitFor() },
];

/** Today plus some days, as YYYY-MM-DD in New York (the program's and the clinic's zone). */
function dayFromToday(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

async function activeElement(page: Page): Promise<{ tag: string; label: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const labelled = element?.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`)?.textContent : null;
    return { tag: element?.tagName.toLowerCase() ?? '', label: (labelled ?? element?.textContent ?? '').trim() };
  });
}

describe('admin pages in a browser', { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();

  /** A logged-in admin page that also collects uncaught errors and CSP refusals. */
  async function adminPage(size: ScreenSize = 'desktop'): Promise<{ page: Page; errors: string[] }> {
    const page = await demo.openPage(size);
    const errors = watchPageErrors(page);
    await page.goto('/');
    await logInAs(page, ADMIN);
    return { page, errors };
  }

  test("the log-in page shows the server's error for a wrong password next to the form", async () => {
    const page = await demo.openPage();
    const errors = watchPageErrors(page);
    await page.goto('/');
    const form = page.getByRole('form', { name: 'Log in' });
    await form.getByLabel('Email').fill(ADMIN);
    await form.getByLabel('Password').fill('not the password');
    await form.getByLabel('Password').press('Enter');
    const alert = form.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /Wrong email or password\./);
    assert.equal(await form.getByLabel('Email').inputValue(), ADMIN, 'the email stays');
    assert.equal(await form.getByRole('button', { name: 'Log in' }).isEnabled(), true);
    await expectNoSeriousA11yViolations(page, 'the log-in page with its error');

    // Empty fields: each is named as you leave it, before anything is sent.
    await form.getByLabel('Email').fill('');
    await form.getByLabel('Email').blur();
    await form.getByText('Required.').first().waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('log-in and navigation work with the keyboard alone (Tab, Enter)', async () => {
    const page = await demo.openPage();
    const errors = watchPageErrors(page);
    await page.goto('/');
    await page.getByRole('form', { name: 'Log in' }).waitFor();
    assert.deepEqual(await activeElement(page), { tag: 'input', label: 'Email' }, 'the email field has the focus');
    await page.keyboard.type(ADMIN);
    await page.keyboard.press('Tab');
    assert.deepEqual(await activeElement(page), { tag: 'input', label: 'Password' });
    await page.keyboard.type('isocourse-demo-2026');
    await page.keyboard.press('Tab');
    assert.deepEqual(await activeElement(page), { tag: 'button', label: 'Log in' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Users and roles' }).waitFor();

    // The first Tab reaches the skip link, which takes the focus to the page's content.
    await page.keyboard.press('Tab');
    assert.deepEqual(await activeElement(page), { tag: 'a', label: 'Skip to content' });
    assert.ok(await page.getByRole('link', { name: 'Skip to content' }).isVisible(), 'the skip link shows when focused');
    // Then on through the navigation to the clinic settings.
    let steps = 0;
    while ((await activeElement(page)).label !== 'Clinic settings') {
      assert.ok(++steps < 10, 'the navigation is reachable by Tab');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('users: every staff account with its role; creating an account validates as you type and shows the server’s refusal; a certification is recorded', async () => {
    const { page, errors } = await adminPage();
    await page.getByRole('heading', { level: 1, name: 'Users and roles' }).waitFor();
    const accounts = page.getByRole('region', { name: 'Staff accounts' });
    for (const login of DEMO_LOGINS.filter((candidate) => candidate.role !== 'patient')) {
      await accounts.getByRole('cell', { name: login.email }).waitFor();
    }
    const rivera = accounts.getByRole('row', { name: /^Dr\. Alex Rivera/ });
    assert.match((await rivera.textContent()) ?? '', /Prescriber.*Harbor Dermatology.*Certified since/);
    assert.match((await accounts.getByRole('row', { name: /Sam Okafor/ }).textContent()) ?? '', /Delegate.*Works for Dr\. Alex Rivera/);

    const form = page.getByRole('form', { name: 'Create a staff account' });
    await form.getByLabel('Name').fill('Casey Brooks');
    await form.getByLabel('Email').fill('casey.brooks@demo.isocourse.test');
    await form.getByLabel('Role').selectOption('delegate');
    await form.getByLabel('Practice').selectOption({ label: 'Harbor Dermatology (demo)' });
    await form.getByLabel('Supervising prescriber').selectOption({ label: 'Dr. Alex Rivera' });
    await form.getByLabel('First password').fill('short');
    await form.getByLabel('First password').blur();
    await form.getByText('At least 12 characters.', { exact: true }).waitFor();
    assert.equal(await form.getByLabel('First password').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('First password').fill('a long enough password');
    await form.getByText('At least 12 characters.', { exact: true }).waitFor({ state: 'detached' });

    // An email already taken: the server's refusal, shown in the form.
    await form.getByLabel('Email').fill('DR.RIVERA@demo.isocourse.test');
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByRole('alert').filter({ hasText: 'An account with this email already exists.' }).waitFor();

    await form.getByLabel('Email').fill('casey.brooks@demo.isocourse.test');
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByRole('status').filter({ hasText: 'Casey Brooks (Delegate) can now log in as casey.brooks@demo.isocourse.test.' }).waitFor();
    await accounts
      .getByRole('row', { name: /Casey Brooks/ })
      .filter({ hasText: 'Works for Dr. Alex Rivera' })
      .waitFor();
    assert.equal(await form.getByLabel('Name').inputValue(), '', 'the form is ready for the next account');

    // A suspension recorded for a later date: in force from then, announced now.
    const certification = page.getByRole('form', { name: 'Certification of Dr. Alex Rivera' });
    await certification.getByLabel('Status').selectOption('suspended');
    const later = dayFromToday(30);
    await certification.getByLabel('Effective on').fill(later);
    await certification.getByRole('button', { name: 'Record certification' }).click();
    await certification
      .getByRole('status')
      .filter({ hasText: /^Suspended from .*, recorded for Dr\. Alex Rivera\.$/ })
      .waitFor();
    await rivera.filter({ hasText: /Certified since .*Suspended from/ }).waitFor();
    const stored = await demo.server.services.db
      .selectFrom('certifications as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['c.status', 'c.effective_on'])
      .where('u.email', '=', DEMO_LOGINS[1].email)
      .orderBy('c.recorded_at', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { status: 'suspended', effective_on: later });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("clinic settings: a practice's time zone and dose target, a pharmacy's zone by IANA name (checked as you type), kept after a reload", async () => {
    const { page, errors } = await adminPage();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clinic settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();

    const practice = page.getByRole('form', { name: 'Settings of Harbor Dermatology (demo)' });
    await practice.getByLabel('Time zone', { exact: true }).selectOption('America/Chicago');
    await practice.getByText(/^Now there: .* C[SD]T$/).waitFor();
    await practice.getByLabel('Default cumulative dose target (mg/kg)').fill('400');
    await practice.getByLabel('Default cumulative dose target (mg/kg)').blur();
    await practice.getByText('A number from 60 to 300.').waitFor();
    await practice.getByLabel('Default cumulative dose target (mg/kg)').fill('120');
    await practice.getByRole('button', { name: 'Save settings' }).click();
    await practice.getByRole('status').filter({ hasText: 'Saved: America/Chicago, 120 mg/kg.' }).waitFor();

    const pharmacy = page.getByRole('form', { name: 'Settings of Elm Street Pharmacy (demo)' });
    await pharmacy.getByLabel('Time zone', { exact: true }).selectOption('other');
    await pharmacy.getByLabel('IANA time zone name').fill('Mars/Olympus_Mons');
    await pharmacy.getByLabel('IANA time zone name').blur();
    await pharmacy.getByText(/^Not a time zone this browser knows/).waitFor();
    await pharmacy.getByRole('button', { name: 'Save settings' }).click();
    assert.equal(await pharmacy.getByRole('status').textContent(), '', 'nothing sent while a field is wrong');
    await pharmacy.getByLabel('IANA time zone name').fill('America/Boise');
    await pharmacy.getByText(/^Now there: .* M[SD]T$/).waitFor();
    await pharmacy.getByRole('button', { name: 'Save settings' }).click();
    await pharmacy.getByRole('status').filter({ hasText: 'Saved: America/Boise.' }).waitFor();

    const organizations = await demo.server.services.db
      .selectFrom('organizations')
      .select(['name', 'time_zone', 'cumulative_target_mg_per_kg'])
      .orderBy('name')
      .execute();
    assert.deepEqual(organizations, [
      { name: 'Elm Street Pharmacy (demo)', time_zone: 'America/Boise', cumulative_target_mg_per_kg: 150 },
      { name: 'Harbor Dermatology (demo)', time_zone: 'America/Chicago', cumulative_target_mg_per_kg: 120 },
    ]);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();
    assert.equal(await practice.getByLabel('Time zone', { exact: true }).inputValue(), 'America/Chicago');
    assert.equal(await practice.getByLabel('Default cumulative dose target (mg/kg)').inputValue(), '120');
    assert.equal(await pharmacy.getByLabel('Time zone', { exact: true }).inputValue(), 'other');
    assert.equal(await pharmacy.getByLabel('IANA time zone name').inputValue(), 'America/Boise');
    // Back as the demo had it, for the tests after this one.
    await practice.getByLabel('Time zone', { exact: true }).selectOption('America/New_York');
    await practice.getByRole('button', { name: 'Save settings' }).click();
    await practice.getByRole('status').filter({ hasText: 'Saved: America/New_York, 120 mg/kg.' }).waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("a practice's program: the rule set in force, a parameter refused out of range at its field, then recorded with its source and shown as the override in force", async () => {
    const { page, errors } = await adminPage();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clinic settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clinic settings' }).waitFor();
    const card = page.locator('article', { has: page.getByRole('heading', { level: 2, name: /Harbor Dermatology/ }) });
    await card.getByText(/Rule set in force today .*REMS-20(21|26)/).waitFor();
    assert.equal(await card.getByRole('form', { name: 'Jurisdiction of Harbor Dermatology (demo)' }).getByLabel('Jurisdiction').inputValue(), 'US');

    await card.getByText('Set a parameter').click();
    const form = card.getByRole('form', { name: 'Program parameter of Harbor Dermatology (demo)' });
    await form.getByLabel('Parameter').selectOption('CONTRACEPTION_MIN_DAYS_BEFORE');
    await form.getByLabel('Value').fill('400');
    await form.getByLabel('Source document').fill('Browser test memo (synthetic)');
    await form.getByRole('button', { name: 'Record setting' }).click();
    await form
      .getByText(/CONTRACEPTION_MIN_DAYS_BEFORE must be a whole number of days from 0 to 365/)
      .first()
      .waitFor();
    const stored = () => demo.server.services.db.selectFrom('organization_program_settings').select(['key', 'value', 'source']).execute();
    assert.deepEqual(await stored(), [], 'nothing written');

    // The document's own value, recorded as the practice's (the later tests see the same rules).
    await form.getByLabel('Value').fill('30');
    await form.getByRole('button', { name: 'Record setting' }).click();
    await form
      .getByRole('status')
      .filter({ hasText: /CONTRACEPTION_MIN_DAYS_BEFORE = 30 from .* recorded for Harbor Dermatology/ })
      .waitFor();
    const row = card.getByRole('row', { name: /CONTRACEPTION_MIN_DAYS_BEFORE/ });
    await row.getByRole('cell', { name: /Browser test memo \(synthetic\), from/ }).waitFor();
    assert.deepEqual(await stored(), [{ key: 'CONTRACEPTION_MIN_DAYS_BEFORE', value: 30, source: 'Browser test memo (synthetic)' }]);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('audit trail: newest first in the clinic time zone, by account and by patient, a page at a time; verifying the chain shows progress, then the result', async () => {
    const { page, errors } = await adminPage();
    await visit(page, '/audit', 'Audit trail');
    const summary = page.getByRole('status').filter({ hasText: /^Events 1–25, newest first\. Times in America\/New_York\.$/ });
    /** The rows shown answer the filter in the address (none from the previous filter, still loading). */
    const settled = () =>
      page
        .getByRole('status')
        .filter({ hasText: /^(Events \d+–\d+, newest first\. Times in \S+\.|No events match\.)$/ })
        .waitFor();
    await summary.waitFor();
    const events = page.getByRole('region', { name: 'Audit events' });
    const firstWhen = (await events.getByRole('row').nth(1).getByRole('cell').first().textContent()) ?? '';
    assert.match(firstWhen, /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T$/, 'a moment in New York time');

    // One account: the administrator's own events, the settings change among them.
    const filters = page.getByRole('form', { name: 'Filter the audit trail' });
    await filters.getByLabel('Account').selectOption({ label: `Demo Administrator (${ADMIN})` });
    await filters.getByRole('button', { name: 'Show events' }).click();
    await page.getByRole('heading', { name: 'Events by Demo Administrator' }).waitFor();
    await settled();
    await events
      .getByRole('cell', { name: /organization\.settings/ })
      .first()
      .waitFor();
    const who = await events.locator('tbody tr td:nth-child(2) button').allTextContents();
    assert.ok(who.length > 0 && who.every((email) => email === ADMIN), `only the administrator: ${who.join(', ')}`);
    assert.match(page.url(), /\/audit\?actorId=[0-9a-f-]{36}$/, 'the filter is in the address');

    // A patient ID is checked as you type; a patient's ID in the table filters by it.
    await filters.getByRole('button', { name: 'Show all events' }).click();
    await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
    await filters.getByLabel('Patient ID').fill('12345');
    await filters.getByLabel('Patient ID').blur();
    await filters.getByText(/^A patient ID, like/).waitFor();
    await filters.getByLabel('Patient ID').fill('');
    const patientButton = events.getByRole('button', { name: /^Show only patient / }).first();
    const patientId = (await patientButton.getAttribute('title')) ?? '';
    await patientButton.click();
    await page.getByRole('heading', { name: `Events about patient ${patientId}` }).waitFor();
    await settled();
    assert.equal(await filters.getByLabel('Patient ID').inputValue(), patientId);
    const patients = await events
      .getByRole('button', { name: /^Show only patient / })
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('title')));
    assert.ok(patients.length > 0 && patients.every((id) => id === patientId), 'only that patient');

    // Pages of 25, older and newer.
    await filters.getByRole('button', { name: 'Show all events' }).click();
    await summary.waitFor();
    await page.getByRole('button', { name: 'Older events' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Events 26–50, newest first\./ })
      .waitFor();
    assert.match(page.url(), /page=1/);
    await page.getByRole('button', { name: 'Newer events' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Events 1–25, newest first\./ })
      .waitFor();

    // The verification, slowed down a little so its progress can be seen.
    await page.route('**/api/v1/audit/verification', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByRole('progressbar', { name: 'Verifying the audit chain' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Verifying…' }).isDisabled(), true);
    const result = page.getByRole('status').filter({ hasText: 'The audit trail is intact.' });
    await result.waitFor();
    assert.match((await result.textContent()) ?? '', /[\d,]+ sealed rows checked.*Head of the chain: \d+:[0-9a-f]{64}/);
    await page.getByRole('button', { name: 'Verify the chain' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the audit trail with a verification result');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  for (const size of ['desktop', 'phone'] as const) {
    test(`axe-core: no serious accessibility violation on any admin page (${size})${size === 'phone' ? '; the layout fits 390 px and the menu opens' : ''}`, async () => {
      const page = await demo.openPage(size);
      const errors = watchPageErrors(page);
      await page.goto('/');
      await page.getByRole('form', { name: 'Log in' }).waitFor();
      await expectNoSeriousA11yViolations(page, `the log-in page (${size})`);
      await logInAs(page, ADMIN);
      for (const adminPage of ADMIN_PAGES) {
        await visit(page, adminPage.path, adminPage.heading);
        await adminPage.ready(page);
        await expectNoSeriousA11yViolations(page, `${adminPage.path} (${size})`);
        await expectNoSidewaysScroll(page, `${adminPage.path} (${size})`);
      }
      // The users page with every field's error showing.
      await visit(page, '/', 'Users and roles');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('form', { name: 'Create a staff account' }).getByText('Required.').first().waitFor();
      await expectNoSeriousA11yViolations(page, `the new account form with its errors (${size})`);
      if (size === 'phone') {
        const menu = page.getByRole('button', { name: 'Menu' });
        assert.equal(await page.getByRole('link', { name: 'Audit trail' }).isVisible(), false, 'the menu starts closed');
        await menu.click();
        assert.equal(await menu.getAttribute('aria-expanded'), 'true');
        await page.getByRole('link', { name: 'Audit trail' }).click();
        await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
        assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'the menu closes on the way');
      }
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }
});
