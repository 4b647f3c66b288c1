// The main journey through the web app, across roles, in a real browser against the real server
// and database (the demo practice, the real clock): the prescriber enrolls a patient who can get
// pregnant with her own log-in (her email; she opens her activation link and chooses her
// password on her phone); the delegate records her consents, screening test and
// contraception; the prescriber records the confirmation test, confirms counseling and writes the
// prescription; the pharmacist's request is refused until the patient has answered this month's
// questions, and the refusal shows its reasons; the patient answers them on her phone; the
// pharmacist is then authorized and dispenses. Every step goes through the pages as a person
// would, found by their accessible names (roles and labels).
//
// The history is dated as the program requires, relative to today: enrolled 30 days ago,
// screening test and contraception 25 days ago (in use for 45 days), confirmation test, counseling
// and prescription today.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/demo/demoPractice.js';
import { COMPREHENSION_QUESTIONS } from '../../web/src/pages/patient/comprehensionQuestions.js';
import { demoServerInBrowser, expectNoSeriousA11yViolations, logInAs, skipWithoutChromium, watchPageErrors } from './support/browser.js';
import { present } from '../support/present.js';

const email = (role: (typeof DEMO_LOGINS)[number]['role']) => present(DEMO_LOGINS.find((login) => login.role === role)).email;

const PATIENT = {
  givenName: 'Robin',
  familyName: 'Journey',
  birthDate: '2001-04-12',
  email: 'robin.journey@demo.isocourse.test',
  password: 'robin journey password',
};

/** Today plus some days, YYYY-MM-DD in New York (the program's and the demo clinic's zone). */
function day(offset: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offset * 86_400_000),
  );
}

/** Opens one of the patient page's record panels (a disclosure) and returns its form. */
async function recordPanel(page: Page, title: string, formName: string): Promise<Locator> {
  const summary = page.locator('summary', { hasText: title });
  const details = page.locator('details', { has: summary });
  if ((await details.getAttribute('open')) === null) {
    await summary.click();
  }
  const form = page.getByRole('form', { name: formName });
  await form.waitFor();
  return form;
}

/** Waits for a form's success note (its status region) to say `text`. */
async function recorded(form: Locator, text: string | RegExp): Promise<void> {
  await form.getByRole('status').filter({ hasText: text }).waitFor();
}

describe(
  'the main journey in a browser: enroll → consents, tests, contraception → counsel → prescribe → refused → questions → authorize → dispense',
  { skip: skipWithoutChromium },
  () => {
    const demo = demoServerInBrowser();
    let patientPath = '';
    let programId = '';
    let activationPath = '';
    const errors: string[] = [];

    async function pageAs(role: (typeof DEMO_LOGINS)[number]['role'] | 'journeyPatient', size: 'desktop' | 'phone' = 'desktop'): Promise<Page> {
      const page = await demo.openPage(size);
      const pageErrors = watchPageErrors(page);
      page.on('close', () => errors.push(...pageErrors));
      await page.goto('/');
      if (role === 'journeyPatient') {
        await logInAs(page, PATIENT.email, PATIENT.password);
      } else {
        await logInAs(page, email(role), DEMO_PASSWORD);
      }
      return page;
    }

    test('the prescriber enrolls a patient who can get pregnant, with her own log-in', async () => {
      const page = await pageAs('prescriber');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enroll' }).click();
      await page.getByRole('heading', { level: 1, name: 'Enroll a patient' }).waitFor();
      const form = page.getByRole('form', { name: 'Enroll a patient' });
      await form.getByLabel('Given name').fill(PATIENT.givenName);
      await form.getByLabel('Family name').fill(PATIENT.familyName);
      await form.getByLabel('Date of birth').fill(PATIENT.birthDate);
      await form.getByLabel('Enrollment date').fill(day(-30));
      await form.getByLabel('Risk category').selectOption('PCGP');
      // Her email creates her log-in; she chooses her own password with the one-time link.
      await form.getByLabel("Patient's email (optional)").fill(PATIENT.email);
      await form.getByRole('button', { name: 'Enroll the patient' }).click();

      await page.getByRole('heading', { level: 1, name: `${PATIENT.givenName} ${PATIENT.familyName} is enrolled` }).waitFor();
      const activationLink = (await page.getByRole('link', { name: /\/activate#token=/ }).getAttribute('href')) ?? '';
      assert.match(activationLink, /\/activate#token=[A-Za-z0-9_-]{43}$/);
      activationPath = new URL(activationLink).pathname + new URL(activationLink).hash;
      await expectNoSeriousA11yViolations(page, 'the enrollment answer with the activation link');
      await page.getByRole('link', { name: `Open ${PATIENT.givenName} ${PATIENT.familyName}'s record` }).click();
      await page.getByRole('heading', { level: 1, name: `${PATIENT.givenName} ${PATIENT.familyName}` }).waitFor();
      const enrolled = page.getByRole('status').filter({ hasText: 'Enrolled with program ID' });
      programId = ((await enrolled.locator('code').textContent()) ?? '').trim();
      assert.match(programId, /^[A-Za-z0-9]{10}$/);
      patientPath = new URL(page.url()).pathname;
      assert.match(patientPath, /^\/patients\/[0-9a-f-]{36}$/);
      await expectNoSeriousA11yViolations(page, "a new patient's page");
      await page.context().close();
    });

    test('the patient opens her activation link, chooses her password and is logged in', async () => {
      assert.notEqual(activationPath, '', 'enrolled first');
      const page = await demo.openPage('phone');
      const pageErrors = watchPageErrors(page);
      page.on('close', () => errors.push(...pageErrors));
      await page.goto(activationPath);
      await page.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
      assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address bar');
      await expectNoSeriousA11yViolations(page, 'the activation page (phone)');
      const form = page.getByRole('form', { name: 'Choose your password' });
      await form.getByLabel('New password').fill(PATIENT.password);
      await form.getByLabel('Repeat the password').fill(PATIENT.password);
      await form.getByRole('button', { name: 'Save my password and log in' }).click();
      await page.getByRole('button', { name: 'Log out' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/', 'her home page');
      await page.context().close();
    });

    test('the delegate records the consents, the screening test and contraception', async () => {
      assert.notEqual(patientPath, '', 'enrolled first');
      const page = await pageAs('delegate');
      // From the patient list, as a delegate would find her.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
      await page
        .getByRole('link', { name: new RegExp(PATIENT.familyName) })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: `${PATIENT.givenName} ${PATIENT.familyName}` }).waitFor();
      assert.equal(new URL(page.url()).pathname, patientPath);
      assert.equal(await page.locator('summary', { hasText: 'Write a prescription' }).count(), 0, 'a delegate is not offered the prescription');

      const consent = await recordPanel(page, 'Record a consent', 'Record a consent');
      for (const [kind, words] of [
        ['general', 'General informed consent'],
        ['birthDefects', 'Birth-defects consent (PCGP)'],
      ] as const) {
        await consent.getByLabel('Consent').selectOption(kind);
        await consent.getByLabel('Signed on').fill(day(-30));
        await consent.getByRole('button', { name: 'Record the consent' }).click();
        await recorded(consent, `${words} signed on`);
      }

      const tests = await recordPanel(page, 'Record a pregnancy test', 'Record a pregnancy test');
      await tests.getByLabel('Test', { exact: true }).selectOption('screening');
      await tests.getByLabel('Specimen collected on').fill(day(-25));
      await tests.getByLabel('Result date').fill(day(-25));
      await tests.getByLabel('Result', { exact: true }).selectOption('negative');
      await tests.getByLabel('Where').selectOption('lab');
      await tests.getByLabel('CLIA-certified laboratory').selectOption('true');
      await tests.getByRole('button', { name: 'Record the test' }).click();
      await recorded(tests, /Recorded: Screening test of .*, negative\./);

      const contraception = await recordPanel(page, 'Declare contraception', 'Declare contraception');
      await contraception.getByLabel('Declared on').fill(day(-25));
      await contraception.getByLabel('In use without a break since').fill(day(-45));
      await contraception.getByLabel('Copper IUD').check();
      await contraception.getByLabel('Male condom (with or without spermicide)').check();
      await contraception.getByRole('button', { name: 'Record contraception' }).click();
      await recorded(contraception, /Copper IUD \+ Male condom/);
      await page.context().close();
    });

    test('the prescriber records the confirmation test, confirms counseling and writes the prescription; the fill waits for the questions', async () => {
      const page = await pageAs('prescriber');
      await page.goto(patientPath);
      await page.getByRole('heading', { level: 1, name: `${PATIENT.givenName} ${PATIENT.familyName}` }).waitFor();

      const tests = await recordPanel(page, 'Record a pregnancy test', 'Record a pregnancy test');
      await tests.getByLabel('Test', { exact: true }).selectOption('confirmation');
      await tests.getByLabel('Specimen collected on').fill(day(0));
      await tests.getByLabel('Result date').fill(day(0));
      // The result has no default: sent without one, the form asks for it and records nothing.
      await tests.getByRole('button', { name: 'Record the test' }).click();
      await tests.getByText('Required.').first().waitFor();
      await tests.getByLabel('Result', { exact: true }).selectOption('negative');
      await tests.getByRole('button', { name: 'Record the test' }).click();
      await recorded(tests, /It opens the prescription window/);

      const counseling = await recordPanel(page, 'Confirm counseling', 'Confirm counseling');
      await counseling.getByLabel('Visit date').fill(day(0));
      await counseling.getByRole('button', { name: 'Confirm counseling' }).click();
      await recorded(counseling, 'Counseling confirmed for the visit of');

      const prescription = await recordPanel(page, 'Write a prescription', 'Write a prescription');
      await prescription.getByLabel('Product').selectOption('claravis');
      await prescription.getByLabel('Capsule strength').selectOption('40');
      await prescription.getByLabel('Capsules a day').fill('1');
      await prescription.getByLabel("Days' supply").fill('30');
      await prescription.getByRole('button', { name: 'Write the prescription' }).click();
      await recorded(prescription, /Prescription of .* recorded/);
      // What still blocks the fill: the patient's questions, with what fixes it.
      await prescription.locator('[data-code="COMPREHENSION_PENDING"]').waitFor();
      await expectNoSeriousA11yViolations(page, "the patient's page after a month's records");
      await page.context().close();
    });

    /** The pharmacist finds the journey's patient by program ID and birth date and asks for the authorization. */
    async function pharmacistRequestsAuthorization(): Promise<Page> {
      const page = await pageAs('pharmacist');
      // The pharmacist's home is the queue (issue 10); finding by identifier and birth date is in the menu.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Find a patient' }).click();
      const find = page.getByRole('form', { name: 'Find a patient' });
      await find.getByLabel('Program identifier').fill(programId);
      await find.getByLabel('Date of birth').fill(PATIENT.birthDate);
      await find.getByRole('button', { name: 'Find' }).click();
      await page.getByRole('heading', { level: 2, name: `${PATIENT.givenName} ${PATIENT.familyName}` }).waitFor();
      await page.getByRole('button', { name: 'Request authorization' }).click();
      return page;
    }

    test('the pharmacist finds the patient by program ID and birth date; the authorization is refused with its reasons', async () => {
      const page = await pharmacistRequestsAuthorization();
      const refusal = page.getByRole('alert').filter({ hasText: 'The authorization is refused. Do not dispense.' });
      await refusal.waitFor();
      const reasons = await refusal.locator('[data-code]').evaluateAll((items) => items.map((item) => item.getAttribute('data-code')));
      assert.deepEqual(reasons, ['COMPREHENSION_PENDING']);
      assert.match((await refusal.textContent()) ?? '', /question/i, 'the reason says what fixes it');
      await expectNoSeriousA11yViolations(page, 'a refused authorization');
      await page.context().close();
    });

    test("the patient answers this month's questions on her phone", async () => {
      const page = await pageAs('journeyPatient', 'phone');
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Questions' }).click();
      const form = page.getByRole('form', { name: 'Comprehension questions' });
      await form.waitFor();
      for (const question of COMPREHENSION_QUESTIONS) {
        const group = form.getByRole('group', { name: question.question });
        await group.getByRole('radio', { name: question.options[question.correct], exact: true }).check();
      }
      await form.getByRole('button', { name: 'Check my answers' }).click();
      await page.getByRole('heading', { name: `All ${COMPREHENSION_QUESTIONS.length} answers are right: passed.` }).waitFor();
      await expectNoSeriousA11yViolations(page, "the patient's questions, passed (phone)");
      await page.context().close();
    });

    test('the pharmacist is authorized now, and dispenses', async () => {
      const page = await pharmacistRequestsAuthorization();
      await page.getByText(/^Authorized: RMA \S+\. Do not dispense after /).waitFor();

      // The program's own system cannot be reached (issue 12, item 5): one button records it, and the
      // fill shows the flag. (The demo does not set PROGRAM_RMA_REQUIRED: isocourse's own number is
      // the one its dispense needs, so the dispense below still goes ahead.)
      await page.getByRole('button', { name: 'Program system unavailable' }).click();
      await page.getByText(/^Recorded: program system unavailable\. Try it again, and record its RMA number when it comes/).waitFor();
      await page.locator('[data-flag="program-system-unavailable"]').waitFor();

      const dispense = page.getByRole('form', { name: 'Record the dispense' });
      await dispense.getByLabel('The Medication Guide was given to the patient').check();
      await dispense.getByRole('button', { name: 'Record the dispense' }).click();
      await page.getByText(/^Dispensed on .*: Claravis 40 mg, 30 capsules for 30 days/).waitFor();

      const stored = await demo.server.services.db
        .selectFrom('dispenses as d')
        .innerJoin('authorizations as a', 'a.id', 'd.authorization_id')
        .innerJoin('patients as p', 'p.id', 'a.patient_id')
        .select(['d.product', 'd.strength_mg', 'd.quantity', 'd.days_supply', 'd.medication_guide_given'])
        .where('p.program_id', '=', programId)
        .execute();
      assert.deepEqual(stored, [{ product: 'claravis', strength_mg: 40, quantity: 30, days_supply: 30, medication_guide_given: true }]);
      await page.context().close();
    });

    test('the prescriber sees the patient on treatment', async () => {
      const page = await pageAs('prescriber');
      await page.goto(patientPath);
      await page.getByRole('heading', { level: 1, name: `${PATIENT.givenName} ${PATIENT.familyName}` }).waitFor();
      await page.getByText('On treatment', { exact: true }).waitFor();
      await page.context().close();
      assert.deepEqual(errors, [], 'no uncaught error or CSP refusal on any page of the journey');
    });
  },
);
